package dev.kunren.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kunren.server.store.JdbcEventStore;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The facilitator's controls over real HTTP: the drill's life, inject now, the scoreboard, the demo's sign-in link. */
class FacilitatorApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient client = HttpClient.newHttpClient();
    private JdbcEventStore store;
    private WebServer server;
    private String cookie;
    private String csrf;

    @BeforeEach
    void start() throws Exception {
        store = JdbcEventStore.open("jdbc:h2:mem:fac-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "", "");
        server = new WebServer(store, Path.of("scenarios"), Clock.systemUTC()).start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        HttpResponse<String> signIn = send("POST", "/api/session/link", "{\"token\":\"" + server.oneTimeSignInToken() + "\"}");
        assertThat(signIn.statusCode()).isEqualTo(200);
        cookie = signIn.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
        csrf = JSON.readTree(signIn.body()).path("csrfToken").asText();
    }

    @AfterEach
    void stop() {
        server.close();
        store.close();
        client.close();
    }

    private HttpResponse<String> send(String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.address().getPort() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (cookie != null) {
            request.header("Cookie", cookie).header("X-CSRF-Token", csrf);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode json(String method, String path, String body) throws Exception {
        HttpResponse<String> response = send(method, path, body);
        assertThat(response.statusCode()).as(method + " " + path + ": " + response.body()).isBetween(200, 299);
        return JSON.readTree(response.body());
    }

    private JsonNode await(String path, Predicate<JsonNode> condition) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        JsonNode value = json("GET", path, null);
        while (!condition.test(value) && System.nanoTime() < deadline) {
            Thread.sleep(25);
            value = json("GET", path, null);
        }
        return value;
    }

    @Test
    void twenty_failed_sign_ins_in_a_minute_make_the_next_wait() throws Exception {
        cookie = null;
        server.password().set("the right password");
        for (int i = 0; i < 20; i++) {
            assertThat(send("POST", "/api/session/facilitator", "{\"password\":\"guess " + i + "\"}").statusCode()).isEqualTo(401);
        }
        HttpResponse<String> throttled = send("POST", "/api/session/facilitator", "{\"password\":\"the right password\"}");
        assertThat(throttled.statusCode()).isEqualTo(429);
        assertThat(throttled.body()).contains("too many failed attempts from this address; try again in");
        assertThat(throttled.headers().firstValue("Retry-After")).hasValueSatisfying(s -> assertThat(Long.parseLong(s)).isBetween(1L, 60L));
        assertThat(send("POST", "/api/session/join", "{\"code\":\"NOPE-NOPE\",\"name\":\"Aiko\"}").statusCode())
                .as("join codes are counted apart from the password").isEqualTo(404);
    }

    @Test
    void concurrent_guesses_are_counted_exactly() throws Exception {
        cookie = null;
        server.password().set("the right password");
        java.util.List<java.util.concurrent.Future<Integer>> answers = new java.util.ArrayList<>();
        try (var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 100; i++) {
                int guess = i;
                answers.add(pool.submit(() -> send("POST", "/api/session/facilitator", "{\"password\":\"guess " + guess + "\"}")
                        .statusCode()));
            }
        }
        java.util.Map<Integer, Long> statuses = new java.util.TreeMap<>();
        for (var answer : answers) {
            statuses.merge(answer.get(), 1L, Long::sum);
        }
        assertThat(statuses).as("100 guesses at once: twenty evaluated, the rest refused").containsExactly(
                java.util.Map.entry(401, 20L), java.util.Map.entry(429, 80L));
    }

    @Test
    void a_library_drill_offers_its_runbook_in_the_asked_language_and_an_uploaded_one_has_none() throws Exception {
        LiveDrill drill = server.drills().createFromLibrary("first-drill", 1);
        assertThat(json("GET", "/api/drills/" + drill.id(), null).path("runbook").asBoolean()).isTrue();
        assertThat(json("GET", "/api/drills/" + drill.id() + "/runbook", null).path("text").asText())
                .startsWith("# Runbook: a web server dies");
        assertThat(json("GET", "/api/drills/" + drill.id() + "/runbook?lang=ja", null).path("text").asText())
                .startsWith("# ランブック：Web サーバーが落ちる");
        LiveDrill traffic = server.drills().createFromLibrary("traffic-spike", 1);
        assertThat(json("GET", "/api/drills/" + traffic.id() + "/runbook?lang=ja", null).path("text").asText())
                .startsWith("# ランブック：アクセスが 10 倍に");
        assertThat(json("GET", "/api/drills/" + traffic.id() + "/runbook?lang=fr", null).path("text").asText())
                .as("a language without runbooks: English").startsWith("# Runbook: traffic ×10");

        String yaml = Files.readString(Path.of("scenarios", "first-drill.yaml"));
        String uploaded = json("POST", "/api/drills", JSON.writeValueAsString(java.util.Map.of("yaml", yaml, "fileName", "mine.yaml",
                "speed", 1))).path("id").asText();
        assertThat(json("GET", "/api/drills/" + uploaded, null).path("runbook").asBoolean()).isFalse();
        HttpResponse<String> none = send("GET", "/api/drills/" + uploaded + "/runbook", null);
        assertThat(none.statusCode()).isEqualTo(404);
        assertThat(none.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
    }

    @Test
    void a_demo_drill_waits_for_its_first_member() throws Exception {
        LiveDrill demo = server.drills().createFromLibrary("first-drill", 2);
        LiveDrill.Team red = server.drills().addTeam(demo, "red");
        server.drills().startOnFirstJoin(demo);
        assertThat(demo.phase()).isEqualTo(LiveDrill.Phase.SETUP);
        String saved = cookie;
        cookie = null;
        assertThat(send("POST", "/api/session/join", "{\"code\":\"" + red.joinCode() + "\",\"name\":\"Aiko\"}").statusCode())
                .isEqualTo(200);
        cookie = saved;
        assertThat(demo.phase()).as("the first join starts it").isIn(LiveDrill.Phase.STARTING, LiveDrill.Phase.RUNNING);
        demo.halt();
    }

    @Test
    void a_sign_in_link_works_once() throws Exception {
        String token = server.oneTimeSignInToken();
        cookie = null;
        assertThat(send("POST", "/api/session/link", "{\"token\":\"" + token + "\"}").statusCode()).isEqualTo(200);
        assertThat(send("POST", "/api/session/link", "{\"token\":\"" + token + "\"}").statusCode()).isEqualTo(401);
    }

    @Test
    void the_facilitator_starts_pauses_resumes_injects_and_ends_a_drill_and_the_scoreboard_follows() throws Exception {
        String drill = json("POST", "/api/drills", "{\"scenario\":\"first-drill\",\"speed\":30}").path("id").asText();
        json("POST", "/api/drills/" + drill + "/teams", "{\"name\":\"red\"}");
        json("POST", "/api/drills/" + drill + "/teams", "{\"name\":\"blue\"}");
        assertThat(send("POST", "/api/drills/" + drill + "/teams/red/injects", "{\"fault\":\"cpu-hog\",\"target\":\"web-1\"}").statusCode())
                .as("no inject before the start").isEqualTo(409);
        assertThat(send("POST", "/api/drills/" + drill + "/teams", "{\"name\":\"Red Team!\"}").statusCode()).isEqualTo(400);

        json("POST", "/api/drills/" + drill + "/start", "");
        assertThat(send("POST", "/api/drills/" + drill + "/start", "").statusCode()).isEqualTo(409);
        assertThat(send("POST", "/api/drills/" + drill + "/teams", "{\"name\":\"late\"}").statusCode()).isEqualTo(409);
        await("/api/drills/" + drill, d -> d.path("phase").asText().equals("running"));

        assertThat(send("POST", "/api/drills/" + drill + "/teams/red/injects", "{\"fault\":\"latency\",\"target\":\"web-2\"}").statusCode())
                .as("a required parameter missing").isEqualTo(400);
        assertThat(send("POST", "/api/drills/" + drill + "/teams/red/injects", "{\"fault\":\"flood\"}").statusCode()).isEqualTo(400);
        assertThat(send("POST", "/api/drills/" + drill + "/teams/red/injects",
                "{\"fault\":\"cpu-hog\",\"target\":\"web-1\",\"params\":{\"percent\":80}}").statusCode()).isEqualTo(202);
        JsonNode timeline = await("/api/drills/" + drill + "/timeline", t -> t.toString().contains("\"fault-injected\""));
        assertThat(timeline.toString()).contains("\"faultType\":\"cpu-hog\"", "\"team\":\"red\"", "\"percent\":\"80\"");
        assertThat(server.drills().drill(drill).environment("red").orElseThrow().fleet().app("web-1").hog()).isPresent();
        assertThat(server.drills().drill(drill).environment("blue").orElseThrow().fleet().app("web-1").hog()).isEmpty();

        json("POST", "/api/drills/" + drill + "/pause", "");
        assertThat(json("GET", "/api/drills/" + drill, null).path("phase").asText()).isEqualTo("paused");
        long pausedAt = json("GET", "/api/drills/" + drill, null).path("elapsedSeconds").asLong();
        Thread.sleep(300);
        assertThat(json("GET", "/api/drills/" + drill, null).path("elapsedSeconds").asLong()).isEqualTo(pausedAt);
        assertThat(send("POST", "/api/drills/" + drill + "/pause", "").statusCode()).isEqualTo(409);
        json("POST", "/api/drills/" + drill + "/resume", "");

        JsonNode board = await("/api/drills/" + drill + "/scoreboard", b -> b.get(0).path("trend").size() >= 2);
        assertThat(board).extracting(r -> r.path("team").asText()).containsExactlyInAnyOrder("red", "blue");
        assertThat(board.get(0).path("rank").asInt()).isEqualTo(1);
        assertThat(board.get(0).path("score").asDouble()).isGreaterThan(0);

        JsonNode ended = json("POST", "/api/drills/" + drill + "/end", "");
        assertThat(ended.path("phase").asText()).as("the answer waits for the end").isEqualTo("ended");
        assertThat(await("/api/drills/" + drill + "/timeline", t -> t.toString().contains("drill-ended")).toString())
                .contains("ENDED_EARLY").contains("\"reason\":\"DRILL_ENDED\"");
        assertThat(Duration.ofSeconds(ended.path("elapsedSeconds").asLong())).isLessThan(Duration.ofMinutes(6));
    }

    @Test
    void a_member_who_joins_in_the_moment_of_start_leaves_a_debrief_that_reads() throws Exception {
        String drill = json("POST", "/api/drills", "{\"scenario\":\"first-drill\",\"speed\":600}").path("id").asText();
        String code = json("POST", "/api/drills/" + drill + "/teams", "{\"name\":\"red\"}").path("joinCode").asText();
        json("POST", "/api/drills/" + drill + "/start", "");
        // joins at once: before the drill has recorded its own start
        HttpResponse<String> join = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.address().getPort()
                + "/api/session/join")).POST(HttpRequest.BodyPublishers.ofString("{\"code\":\"" + code + "\",\"name\":\"Late\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(join.statusCode()).isEqualTo(200);
        json("POST", "/api/drills/" + drill + "/end", "");

        var events = server.drills().drill(drill).timeline().records();
        assertThat(events.getFirst().event()).as("the join came first").isInstanceOf(
                dev.kunren.engine.timeline.TimelineEvent.TeamJoined.class);
        HttpResponse<String> debrief = send("GET", "/api/drills/" + drill + "/debrief.md", null);
        assertThat(debrief.statusCode()).as(debrief.body()).isEqualTo(200);
        assertThat(store.events(drill)).isEqualTo(events);
    }
}
