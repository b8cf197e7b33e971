package dev.kunren.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kunren.server.store.JdbcEventStore;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The web app's API over real HTTP: sign-in, cookies, CSRF, and that no one reaches what is not
 * theirs: every endpoint of the OpenAPI document is called by a stranger, by the other team, and
 * (for facilitator actions) by a team member.
 */
@Tag("slow")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PASSWORD = "correct horse battery";
    private final HttpClient client = HttpClient.newHttpClient();
    private JdbcEventStore store;
    private WebServer server;
    private String base;
    private Caller facilitator;
    private Caller red;
    private Caller blue;
    private Caller otherDrill;
    private Caller observer;
    private String drill;

    /** A browser's session: its cookie and CSRF token. */
    record Caller(String cookie, String csrf) {
    }

    record Reply(int status, String body, HttpResponse<String> raw) {
        JsonNode json() throws Exception {
            return JSON.readTree(body);
        }
    }

    @BeforeAll
    void start() throws Exception {
        store = JdbcEventStore.open("jdbc:h2:mem:web-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "", "");
        server = new WebServer(store, Path.of("scenarios"), Clock.systemUTC())
                .start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        server.password().set(PASSWORD);
        base = "http://127.0.0.1:" + server.address().getPort();
        facilitator = signIn("/api/session/facilitator", Map.of("password", PASSWORD));
        drill = call(facilitator, "POST", "/api/drills", "{\"scenario\":\"first-drill\",\"speed\":20}").json().path("id").asText();
        String redCode = call(facilitator, "POST", "/api/drills/" + drill + "/teams", "{\"name\":\"red\"}").json().path("joinCode").asText();
        String blueCode = call(facilitator, "POST", "/api/drills/" + drill + "/teams", "{\"name\":\"blue\"}").json().path("joinCode").asText();
        red = signIn("/api/session/join", Map.of("code", redCode, "name", "Aiko"));
        blue = signIn("/api/session/join", Map.of("code", blueCode.toLowerCase(), "name", "Ben"));
        String other = call(facilitator, "POST", "/api/drills", "{\"scenario\":\"first-drill\",\"speed\":20}").json().path("id").asText();
        String greenCode = call(facilitator, "POST", "/api/drills/" + other + "/teams", "{\"name\":\"green\"}").json().path("joinCode").asText();
        otherDrill = signIn("/api/session/join", Map.of("code", greenCode, "name", "Chie"));
        String observerCode = call(facilitator, "GET", "/api/drills/" + drill, null).json().path("observerCode").asText();
        observer = signIn("/api/session/join", Map.of("code", observerCode, "name", "Dai"));
        assertThat(call(facilitator, "POST", "/api/drills/" + drill + "/start", "").status()).isEqualTo(200);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (call(red, "GET", "/api/drills/" + drill + "/teams/red/instances", null).status() != 200 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }

    @AfterAll
    void stop() {
        server.close();
        store.close();
        client.close();
    }

    private Caller signIn(String path, Map<String, String> body) throws Exception {
        Reply reply = call(null, "POST", path, JSON.writeValueAsString(body));
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        String cookie = reply.raw().headers().firstValue("Set-Cookie").orElseThrow();
        return new Caller(cookie.substring(0, cookie.indexOf(';')), reply.json().path("csrfToken").asText());
    }

    private Reply call(Caller caller, String method, String path, String body) throws Exception {
        return call(caller, method, path, body, caller == null ? null : caller.csrf(), null);
    }

    private Reply call(Caller caller, String method, String path, String body, String csrf, String origin) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (caller != null) {
            request.header("Cookie", caller.cookie());
        }
        if (csrf != null) {
            request.header("X-CSRF-Token", csrf);
        }
        if (origin != null) {
            request.header("Origin", origin);
        }
        HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(response.statusCode(), response.body(), response);
    }

    @Test
    void sessions_are_http_only_same_site_cookies_secure_only_over_https_and_a_wrong_password_is_refused() throws Exception {
        Reply wrong = call(null, "POST", "/api/session/facilitator", "{\"password\":\"guess\"}");
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.raw().headers().firstValue("Content-Type")).hasValue("application/problem+json");

        Reply ok = call(null, "POST", "/api/session/facilitator", "{\"password\":\"" + PASSWORD + "\"}");
        assertThat(ok.raw().headers().firstValue("Set-Cookie").orElseThrow())
                .contains("HttpOnly", "SameSite=Strict", "Path=/").startsWith("kunren_session=")
                .as("plain HTTP: a Secure cookie would be dropped by a browser on another machine").doesNotContain("Secure");
        assertThat(call(null, "POST", "/api/session/join", "{\"code\":\"NOPE1234\",\"name\":\"x\"}").status()).isEqualTo(404);
        assertThat(call(red, "GET", "/api/session", null).json().path("team").asText()).isEqualTo("red");
    }

    @Test
    void a_state_change_without_the_csrf_token_or_from_another_site_is_refused_and_changes_nothing() throws Exception {
        String restart = "/api/drills/" + drill + "/teams/red/instances/web-2/restart";
        assertThat(call(red, "POST", restart, "", null, null).status()).isEqualTo(403);
        assertThat(call(red, "POST", restart, "", "wrong", null).status()).isEqualTo(403);
        assertThat(call(red, "POST", restart, "", red.csrf(), "https://evil.example").status()).isEqualTo(403);
        assertThat(call(red, "POST", "/api/session/join", "{}", null, "https://evil.example").status()).isEqualTo(403);
        assertThat(call(red, "GET", "/api/drills/" + drill + "/teams/red/instances/web-2", null).json().path("state").asText())
                .isEqualTo("RUNNING");
        assertThat(call(red, "POST", "/api/drills/" + drill + "/teams/red/scaling-group", "{}").status()).isEqualTo(405);
    }

    @Test
    void the_api_document_lists_exactly_the_routes_the_server_serves_each_with_the_access_its_route_declares() throws Exception {
        JsonNode paths = call(null, "GET", "/api/openapi.json", null).json().path("paths");
        Map<String, String> documented = new java.util.TreeMap<>();
        paths.fields().forEachRemaining(p -> p.getValue().fields().forEachRemaining(m ->
                documented.put(m.getKey().toUpperCase() + " " + p.getKey(), m.getValue().path("x-kunren-access").asText())));
        Map<String, String> served = new java.util.TreeMap<>(server.access());
        served.keySet().removeIf(route -> !route.contains(" /api/") || route.equals("GET /api/openapi.json"));
        assertThat(served.keySet()).isEqualTo(documented.keySet());
        assertThat(served).as("who may call each route, as its route declares it and the document says it").isEqualTo(documented);
    }

    @Test
    void every_endpoint_refuses_strangers_the_other_team_and_members_acting_as_facilitator() throws Exception {
        // first, while the drill surely runs (the calls below take a while on a busy machine): the right callers get in
        assertThat(call(blue, "GET", "/api/drills/" + drill + "/teams/blue/instances", null).status()).isEqualTo(200);
        assertThat(call(facilitator, "GET", "/api/drills/" + drill + "/teams/blue/instances", null).status()).isEqualTo(200);
        JsonNode paths = call(null, "GET", "/api/openapi.json", null).json().path("paths");
        List<String> checked = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = paths.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            for (Iterator<Map.Entry<String, JsonNode>> ops = entry.getValue().fields(); ops.hasNext(); ) {
                Map.Entry<String, JsonNode> op = ops.next();
                String method = op.getKey().toUpperCase();
                String access = op.getValue().path("x-kunren-access").asText();
                String path = entry.getKey().replace("{drill}", drill).replace("{team}", "blue").replace("{id}", "web-1")
                        .replace("{pid}", "1").replace("{rule}", "availability-low").replace("{version}", "v1.1")
                        .replace("{bucket}", "shop-config").replace("{key}", "app-config.json").replace("{node}", "db-2")
                        .replace("{incident}", "INC-1").replace("{role}", "scribe").replace("{milestone}", "DETECTED").replace("{message}", "call").replace("{page}", "PG-1").replace("{criterion}", "declared-early")
                        .replace("{agent}", "host-1").replace("{source}", "generic");
                String body = method.equals("GET") ? null : "{}";
                if (access.equals("anyone")) {
                    continue;
                }
                if (!method.equals("GET") && !access.contains("observer") && !access.equals("signed in")) {
                    assertThat(call(observer, method, path, body).status()).as("an observer changes nothing but notes and scores: "
                            + method + " " + path).isIn(401, 403);
                }
                if (!path.endsWith("/stream")) {
                    assertThat(call(null, method, path, body).status()).as("a stranger: " + method + " " + path).isEqualTo(401);
                }
                if (access.equals("the drill's token")) {
                    assertThat(call(red, method, path, body).status()).as("a session is not the token: " + method + " " + path)
                            .isEqualTo(401);
                    assertThat(call(facilitator, method, path, body).status()).as("nor the facilitator's: " + method + " " + path)
                            .isEqualTo(401);
                } else if (access.equals("facilitator") || access.equals("facilitator, or the drill's token")
                        || access.equals("facilitator, or an observer of every drill")) {
                    assertThat(call(red, method, path, body).status()).as("a member: " + method + " " + path).isEqualTo(403);
                } else if (access.equals("facilitator, or a member or observer of the drill")
                        || access.contains("a member of the drill once it has ended")) {
                    if (!path.endsWith("/stream")) {
                        assertThat(call(otherDrill, method, path, body).status()).as("another drill's member: " + method + " " + path)
                                .isEqualTo(403);
                    }
                } else if (access.contains("member of the team")) {
                    assertThat(call(red, method, path, body).status()).as("the other team: " + method + " " + path).isEqualTo(403);
                    if (!method.equals("GET") && !access.contains("or the facilitator (who may edit")) {
                        assertThat(call(facilitator, method, path, body).status()).as("the facilitator operating: " + method + " " + path)
                                .isEqualTo(403);
                    }
                }
                checked.add(method + " " + path);
            }
        }
        assertThat(checked).hasSizeGreaterThan(50);
    }

    @Test
    void an_observer_watches_every_team_without_the_faults_and_writes_only_notes_and_scores() throws Exception {
        assertThat(call(observer, "GET", "/api/drills/" + drill + "/teams/red/alerts", null).status()).isEqualTo(200);
        assertThat(call(observer, "GET", "/api/drills/" + drill + "/teams/blue/instances", null).status()).isEqualTo(200);
        assertThat(call(observer, "POST", "/api/drills/" + drill + "/teams/red/instances/web-1/restart", "").status()).isEqualTo(403);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!call(facilitator, "GET", "/api/drills/" + drill + "/timeline", null).body().contains("fault-injected")
                && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(call(observer, "GET", "/api/drills/" + drill + "/timeline", null).body()).as("faults before the debrief")
                .doesNotContain("fault-injected").contains("\"team\":\"red\"").contains("\"team\":\"blue\"");
        assertThat(call(facilitator, "PUT", "/api/drills/" + drill + "/observers", "{\"seeFaults\":true}").status()).isEqualTo(200);
        assertThat(call(observer, "GET", "/api/drills/" + drill + "/timeline", null).body()).contains("fault-injected");
        assertThat(call(facilitator, "PUT", "/api/drills/" + drill + "/observers", "{\"seeFaults\":false}").status()).isEqualTo(200);

        Reply note = call(observer, "POST", "/api/drills/" + drill + "/teams/red/evaluations", "{\"text\":\"Declared before looking at logs\"}");
        assertThat(note.status()).as(note.body()).isEqualTo(201);
        assertThat(call(observer, "PUT", "/api/drills/" + drill + "/teams/red/rubric/none", "{\"score\":2}").status()).isEqualTo(404);
        assertThat(call(red, "POST", "/api/drills/" + drill + "/teams/red/evaluations", "{\"text\":\"we did great\"}").status())
                .as("members do not evaluate themselves").isEqualTo(403);
        assertThat(call(red, "GET", "/api/drills/" + drill + "/timeline", null).body()).as("the team reads notes at the debrief")
                .doesNotContain("Declared before looking at logs");
        assertThat(call(red, "GET", "/api/drills/" + drill + "/teams/red/evaluation", null).status()).isEqualTo(409);
        assertThat(call(observer, "GET", "/api/drills/" + drill + "/teams/red/evaluation", null).json().path("notes").get(0)
                .path("by").asText()).isEqualTo("Dai");
    }

    @Test
    void a_broken_uploaded_scenario_is_refused_with_every_problem_at_its_line_and_column() throws Exception {
        Reply reply = call(facilitator, "POST", "/api/drills",
                JSON.writeValueAsString(Map.of("yaml", "name: x\ntitle: X\nduration: 1m\ninjects:\n  - at: 2m\n    fault: cpu-hgo\n", "fileName", "mine.yaml")));

        assertThat(reply.status()).isEqualTo(422);
        assertThat(reply.json().path("errors")).extracting(JsonNode::asText).contains(
                "mine.yaml:6:12: fault type \"cpu-hgo\" is unknown; expected one of corrupt-config, cpu-hog, cut-route, db-lock, "
                        + "db-primary-down, db-replica-lag, db-slow-query, delete-image, kill-instance, latency, leaked-key, "
                        + "payment-errors, payment-slow, traffic-spike");
    }

    @Test
    void a_member_acknowledges_a_firing_alert_and_the_timeline_says_who() throws Exception {
        String alerts = "/api/drills/" + drill + "/teams/red/alerts";
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (call(red, "GET", alerts, null).json().path("firing").isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        String rule = call(red, "GET", alerts, null).json().path("firing").get(0).path("rule").asText();
        assertThat(call(red, "POST", alerts + "/" + rule + "/acknowledge", "").status()).isEqualTo(200);
        assertThat(call(red, "GET", alerts, null).json().path("firing").get(0).path("acknowledgedBy").asText()).isEqualTo("Aiko");
        assertThat(call(red, "POST", alerts + "/nonexistent/acknowledge", "").status()).isEqualTo(409);
    }

    @Test
    void the_live_stream_shows_a_member_their_team_without_injected_faults_and_the_facilitator_everything() throws Exception {
        List<String> redEvents = stream(red, 200);
        List<String> allEvents = stream(facilitator, 200);

        assertThat(redEvents).noneMatch(e -> e.contains("\"team\":\"blue\"")).noneMatch(e -> e.contains("fault-injected"));
        assertThat(allEvents).anyMatch(e -> e.contains("\"team\":\"blue\""));
    }

    /** Reads the first {@code count} events of the drill's stream as the caller. */
    private List<String> stream(Caller caller, int count) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/drills/" + drill + "/stream"))
                .header("Cookie", caller.cookie()).build();
        HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
        List<String> events = new ArrayList<>();
        CompletableFuture<Void> reading = CompletableFuture.runAsync(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null && events.size() < count; line = lines.readLine()) {
                    if (line.startsWith("data: ")) {
                        events.add(line.substring(6));
                    }
                }
            } catch (Exception e) {
                // closed
            }
        });
        try {
            reading.get(Duration.ofSeconds(3).toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException enough) {
            reading.cancel(true);
        }
        response.body().close();
        return new ArrayList<>(events);
    }
}
