package dev.kunren.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kunren.engine.clock.ScaledDrillClock;
import dev.kunren.engine.drill.Drill;
import dev.kunren.engine.scenario.Scenario;
import dev.kunren.engine.scenario.ScenarioLoader;
import dev.kunren.engine.timeline.EventRecord;
import dev.kunren.engine.timeline.Timeline;
import dev.kunren.engine.timeline.TimelineEvent.EndReason;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kunren.server.web.WebServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The database blinks mid-drill: the store's sessions are killed (pg_terminate_backend), then the
 * machine's PostgreSQL is stopped and started again. The drill runs its course, the store says it
 * is unavailable while it is, and afterwards every event is in the database, in order, as the
 * drill recorded it.
 */
@Tag("slow")
class DatabaseBlinkTest {

    @Test
    void a_drill_runs_through_killed_sessions_and_a_postgres_restart_and_loses_nothing() throws Exception {
        Databases.requireRestart();

        Scenario scenario = ScenarioLoader.load(Path.of("scenarios/first-drill.yaml"));
        String drillId = "blink-" + UUID.randomUUID();
        try (JdbcEventStore store = JdbcEventStore.open(Databases.POSTGRES_URL, null, null)) {
            store.createDrill(drillId, scenario.name(), Instant.now());
            Timeline timeline = new Timeline(drillId, store.sink(), Clock.systemUTC());
            ScaledDrillClock clock = new ScaledDrillClock(20);
            CompletableFuture<EndReason> run = CompletableFuture.supplyAsync(
                    () -> new Drill(scenario, clock, timeline, 11, List.of(), progress -> { }).run());

            await().atMost(Duration.ofSeconds(20)).until(() -> clock.elapsed().compareTo(Duration.ofSeconds(40)) > 0);
            terminateSessions();
            await().atMost(Duration.ofSeconds(20)).until(() -> clock.elapsed().compareTo(Duration.ofSeconds(90)) > 0);
            Databases.postgres("stop", "-m", "fast");
            try {
                await().atMost(Duration.ofSeconds(20)).until(() -> !store.health().available());
                assertThat(store.health().waiting()).as("events wait while the database is down").isPositive();
            } finally {
                Databases.postgres("start");
            }

            assertThat(run.get(60, TimeUnit.SECONDS)).as("the drill ran its course").isEqualTo(EndReason.COMPLETED);
            assertThat(store.flush(Duration.ofSeconds(30))).as("everything waiting was written once it was back").isTrue();
            assertThat(store.health().available()).isTrue();
            List<EventRecord> stored = store.events(drillId);
            assertThat(stored).as("every event, in order, as the drill recorded it").isEqualTo(timeline.records());
        }
    }

    @Test
    void the_web_app_says_the_store_is_unavailable_and_keeps_answering_while_postgres_is_down() throws Exception {
        Databases.requireRestart();
        try (JdbcEventStore store = JdbcEventStore.open(Databases.POSTGRES_URL, null, null);
             WebServer server = new WebServer(store, Path.of("scenarios"), Clock.systemUTC())
                     .start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
             HttpClient http = HttpClient.newHttpClient()) {
            server.password().set("blink password");
            String base = "http://127.0.0.1:" + server.address().getPort();
            String[] facilitator = signIn(http, base);
            String drill = JSON.readTree(call(http, base, facilitator, "POST", "/api/drills", "{\"scenario\":\"first-drill\",\"speed\":10}")
                    .body()).path("id").asText();
            call(http, base, facilitator, "POST", "/api/drills/" + drill + "/teams", "{\"name\":\"red\"}");
            call(http, base, facilitator, "POST", "/api/drills/" + drill + "/start", "");
            Databases.postgres("stop", "-m", "fast");
            try {
                await().atMost(Duration.ofSeconds(20)).until(() -> !JSON.readTree(
                        call(http, base, facilitator, "GET", "/api/drills/" + drill, null).body()).path("store").path("available").asBoolean(true));
                assertThat(signIn(http, base)).as("signing in needs no database").isNotNull();
                HttpResponse<String> another = call(http, base, facilitator, "POST", "/api/drills", "{\"scenario\":\"first-drill\"}");
                assertThat(another.statusCode()).as("what needs the database says so, and may be tried again: " + another.body())
                        .isEqualTo(503);
                assertThat(another.body()).contains("Store unavailable");
            } finally {
                Databases.postgres("start");
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> JSON.readTree(
                    call(http, base, facilitator, "GET", "/api/drills/" + drill, null).body()).path("store").path("available").asBoolean());
            call(http, base, facilitator, "POST", "/api/drills/" + drill + "/halt", "");
            assertThat(store.events(drill)).isEqualTo(server.drills().drill(drill).timeline().records());
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private static String[] signIn(HttpClient http, String base) throws Exception {
        HttpResponse<String> response = call(http, base, null, "POST", "/api/session/facilitator", "{\"password\":\"blink password\"}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return new String[] {response.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0],
                JSON.readTree(response.body()).path("csrfToken").asText()};
    }

    private static HttpResponse<String> call(HttpClient http, String base, String[] caller, String method, String path, String body)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (caller != null) {
            request.header("Cookie", caller[0]).header("X-CSRF-Token", caller[1]);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Kills every session of the test database but this one, as an operator or a failover would. */
    private static void terminateSessions() throws Exception {
        try (Connection admin = DriverManager.getConnection(Databases.POSTGRES_URL); Statement sql = admin.createStatement()) {
            sql.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database()"
                    + " AND pid <> pg_backend_pid()");
        }
    }
}
