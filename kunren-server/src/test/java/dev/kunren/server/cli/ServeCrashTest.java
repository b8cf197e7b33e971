package dev.kunren.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real {@code kunren serve} killed with SIGKILL mid-drill, and started again on its database
 * (embedded H2, and PostgreSQL): everyone is still signed in, and the drill comes back paused where
 * its committed timeline ends, with every event it had written; the facilitator resumes it, it
 * runs on, ends, and its debrief opens.
 */
@Tag("slow")
class ServeCrashTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PASSWORD = "correct horse battery staple";

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();

    /** Starts {@code kunren serve} on a free port of loopback and answers its base URL. */
    private Process serve(String[] base, String db) throws Exception {
        ServeProcess started = ServeProcess.start(db, PASSWORD);
        base[0] = started.base();
        return started.process();
    }

    private HttpResponse<String> call(String base, String cookie, String csrf, String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (cookie != null) {
            request.header("Cookie", cookie).header("X-CSRF-Token", csrf);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The database of one test: a new H2 file, or a schema of its own in the machine's PostgreSQL. */
    private String database(String kind) {
        if (kind.equals("h2")) {
            return "jdbc:h2:file:" + dir.resolve("kunren").toAbsolutePath();
        }
        dev.kunren.server.store.Databases.requirePostgres();
        return dev.kunren.server.store.Databases.POSTGRES_URL + "&currentSchema=crash_" + Long.toHexString(System.nanoTime());
    }

    private JsonNode awaitPhase(String base, String cookie, String csrf, String drill, String phase) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        JsonNode summary;
        do {
            summary = JSON.readTree(call(base, cookie, csrf, "GET", "/api/drills/" + drill, null).body());
            if (summary.path("phase").asText().equals(phase)) {
                return summary;
            }
            Thread.sleep(50);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("drill " + drill + " did not reach " + phase + " within 60 s: " + summary);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void a_server_killed_mid_drill_comes_back_with_its_sessions_and_the_drill_paused_where_it_stopped(String kind) throws Exception {
        String db = database(kind);
        String[] base = new String[1];
        Process first = serve(base, db);
        String cookie;
        String csrf;
        String drill;
        java.util.List<String> before;
        try {
            HttpResponse<String> signedIn = call(base[0], null, null, "POST", "/api/session/facilitator", "{\"password\":\"" + PASSWORD + "\"}");
            assertThat(signedIn.statusCode()).isEqualTo(200);
            cookie = signedIn.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
            csrf = JSON.readTree(signedIn.body()).path("csrfToken").asText();
            drill = JSON.readTree(call(base[0], cookie, csrf, "POST", "/api/drills", "{\"scenario\":\"first-drill\",\"speed\":10}").body())
                    .path("id").asText();
            call(base[0], cookie, csrf, "POST", "/api/drills/" + drill + "/teams", "{\"name\":\"red\"}");
            assertThat(call(base[0], cookie, csrf, "POST", "/api/drills/" + drill + "/start", "").statusCode()).isEqualTo(200);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (JSON.readTree(call(base[0], cookie, csrf, "GET", "/api/drills/" + drill + "/timeline", null).body())
                    .findValuesAsText("type").stream().noneMatch("window-closed"::equals) && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            before = JSON.readTree(call(base[0], cookie, csrf, "GET", "/api/drills/" + drill + "/timeline", null).body())
                    .findValuesAsText("type");
        } finally {
            first.destroyForcibly();  // SIGKILL: no shutdown hook, no halt, no last write
            first.waitFor(20, TimeUnit.SECONDS);
        }

        Process second = serve(base, db);
        try {
            assertThat(JSON.readTree(call(base[0], cookie, csrf, "GET", "/api/session", null).body()).path("role").asText())
                    .as("still signed in after the crash").isEqualTo("facilitator");
            awaitPhase(base[0], cookie, csrf, drill, "paused");
            JsonNode events = JSON.readTree(call(base[0], cookie, csrf, "GET", "/api/drills/" + drill + "/timeline", null).body());
            java.util.List<String> after = events.findValuesAsText("type");
            assertThat(after.getFirst()).isEqualTo("drill-started");
            // what was committed before the kill, in its order and without a gap (the last few milliseconds may not have been)
            assertThat(before).startsWith(after.subList(0, after.size() - 1).toArray(String[]::new));
            JsonNode last = events.get(events.size() - 1);
            assertThat(last.path("event").path("type").asText()).isEqualTo("drill-restored");
            assertThat(last.path("seq").asLong()).isEqualTo(events.size());
            assertThat(last.path("at").asText()).as("paused where the committed timeline ends")
                    .isEqualTo(events.get(events.size() - 2).path("at").asText());
            long restoredSeq = last.path("seq").asLong();

            assertThat(call(base[0], cookie, csrf, "POST", "/api/drills/" + drill + "/resume", "").statusCode()).isEqualTo(200);
            awaitPhase(base[0], cookie, csrf, drill, "running");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            boolean windowAfter = false;
            while (!windowAfter && System.nanoTime() < deadline) {
                for (JsonNode event : JSON.readTree(call(base[0], cookie, csrf, "GET", "/api/drills/" + drill + "/timeline", null).body())) {
                    windowAfter |= event.path("seq").asLong() > restoredSeq && event.path("event").path("type").asText().equals("window-closed");
                }
                Thread.sleep(100);
            }
            assertThat(windowAfter).as("customers are served and scored again after the resume").isTrue();
            assertThat(call(base[0], cookie, csrf, "POST", "/api/drills/" + drill + "/end", "").statusCode()).isEqualTo(200);
            awaitPhase(base[0], cookie, csrf, drill, "ended");
            assertThat(call(base[0], cookie, csrf, "GET", "/api/drills/" + drill + "/debrief.md", null).statusCode()).isEqualTo(200);
        } finally {
            second.destroy();
            second.waitFor(20, TimeUnit.SECONDS);
            second.destroyForcibly();
        }
    }
}
