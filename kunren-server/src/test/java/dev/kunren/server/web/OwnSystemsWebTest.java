package dev.kunren.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kunren.server.own.Processes;
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
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A drill on a team's own systems in the web app: the facilitator sees the drill's token; a real
 * {@code kunren agent} waits for the start, then acts; the team's monitoring posts to
 * {@code /api/drills/{id}/ingest}; {@code kunren halt} with the token stops it all. Without the
 * token nothing is taken.
 */
@Tag("slow")
class OwnSystemsWebTest {

    @TempDir
    Path dir;
    private JdbcEventStore store;
    private WebServer server;
    private WebApi api;
    private Processes processes;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() {
        store = JdbcEventStore.open("jdbc:h2:mem:own-web-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "", "");
        processes = new Processes();
    }

    @AfterEach
    void stop() {
        processes.close();
        if (server != null) {
            server.close();
            api.close();
        }
        store.close();
        http.close();
    }

    private HttpResponse<String> post(String path, String token, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.address().getPort() + path))
                .POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The team console, in Chromium: our systems in place of the shop, the agent connected, no errors. */
    private void seeOurSystemsInTheTeamConsole(String joinCode) throws Exception {
        String base = "http://127.0.0.1:" + server.address().getPort();
        org.openqa.selenium.WebDriver browser = Browsers.chromium("en");
        try {
            browser.get(base + "/?code=" + joinCode);
            browser.findElement(org.openqa.selenium.By.id("join-name")).sendKeys("Ben");
            browser.findElement(org.openqa.selenium.By.id("join-button")).click();
            Browsers.within(browser, 10).until(org.openqa.selenium.support.ui.ExpectedConditions.urlToBe(base + "/team"));
            // the practice shop's places are not offered; our services, probes and agents are under Service
            Browsers.within(browser, 10).until(d -> Browsers.texts(d, "#places a[data-place]:not([hidden])")
                    .equals(java.util.List.of("Incident", "Service", "Timeline")));
            Browsers.place(browser, "service");
            assertThat(Browsers.textOf(browser, "#own-services tr[data-service='api']", 10)).contains("api").contains("127.0.0.1:");
            assertThat(Browsers.textOf(browser, "#own-agents tr[data-agent='host-1']", 10)).contains("yes").contains("cpu");
            assertThat(Browsers.texts(browser, "section.shop:not([hidden])")).as("the practice shop's panels are hidden").isEmpty();
            Browsers.screenshot(browser, "own-systems-team");
            Browsers.assertNoConsoleErrors(browser, "team console of a drill on own systems");
        } finally {
            browser.quit();
        }
    }

    @Test
    void agents_alerts_and_the_halt_reach_a_web_app_drill_with_its_token() throws Exception {
        server = new WebServer(store, Path.of("scenarios"), Clock.systemUTC()).start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        api = new WebApi(server);
        String[] facilitator = api.signIn("/api/session/link", Map.of("token", server.oneTimeSignInToken()));
        String yaml = """
                kunren: 1
                name: own-web
                title: Own systems from the web app
                duration: 5m
                environment:
                  external:
                    services:
                      - { name: api, listen: 127.0.0.1:%d, upstream: 127.0.0.1:%d }
                    agents: [host-1]
                injects:
                  - { id: burn, at: 1s, fault: cpu-stress, target: host-1, params: { cores: 1, percent: 20 } }
                """.formatted(Processes.freePort(), Processes.freePort());
        String drill = api.json(facilitator, "POST", "/api/drills", WebApi.JSON.writeValueAsString(
                Map.of("yaml", yaml, "fileName", "own-web.yaml", "speed", 1))).path("id").asText();
        api.json(facilitator, "POST", "/api/drills/" + drill + "/teams", "{\"name\":\"red\"}");
        assertThat(api.send(facilitator, "POST", "/api/drills/" + drill + "/teams", "{\"name\":\"blue\"}").statusCode())
                .as("own systems are one team's").isEqualTo(409);
        String token = api.json(facilitator, "GET", "/api/drills/" + drill, null).path("token").asText();
        assertThat(token).hasSizeGreaterThanOrEqualTo(32);

        String base = "http://127.0.0.1:" + server.address().getPort() + "/api/drills/" + drill;
        Path allow = Files.writeString(dir.resolve("allow.yaml"), "cpu: { maxCores: 1 }\n");
        Processes.Running agent = processes.kunren("kunren agent", Path.of("."), "agent", "--server", base, "--name", "host-1",
                "--token", token, "--allow", allow.toString());
        agent.awaitLine(l -> l.contains("not started"), Duration.ofSeconds(30));  // it waits for the start

        String alert = "{\"name\": \"HighLatency\", \"status\": \"firing\"}";
        assertThat(post("/api/drills/" + drill + "/ingest/generic", null, alert).statusCode()).isEqualTo(401);
        assertThat(post("/api/drills/" + drill + "/ingest/generic", "not-the-token-0000000000", alert).statusCode()).isEqualTo(401);
        assertThat(post("/api/drills/" + drill + "/halt", "not-the-token-0000000000", "").statusCode())
                .as("no session and no token: no halt").isEqualTo(401);

        String code = api.json(facilitator, "GET", "/api/drills/" + drill, null).path("teams").get(0).path("joinCode").asText();
        String[] member = api.signIn("/api/session/join", Map.of("code", code, "name", "Aiko"));
        api.json(facilitator, "POST", "/api/drills/" + drill + "/start", "");
        agent.awaitLine(l -> l.contains("cpu-stress burn: busy on 1 core"), Duration.ofSeconds(30));
        String team = "/api/drills/" + drill + "/teams/red";
        assertThat(api.json(member, "GET", "/api/drills/" + drill, null).path("ownSystems").asBoolean()).isTrue();
        assertThat(api.json(member, "GET", team + "/targets", null).get(0).path("name").asText()).isEqualTo("api");
        JsonNode agents = api.json(member, "GET", team + "/agents", null);
        assertThat(agents.get(0).path("connected").asBoolean()).as(agents.toString()).isTrue();
        assertThat(agents.get(0).path("allowed").toString()).contains("cpu");
        assertThat(api.send(member, "GET", team + "/instances", null).statusCode()).as("no practice shop here").isEqualTo(409);
        if (Browsers.present()) {
            seeOurSystemsInTheTeamConsole(code);
        }
        HttpResponse<String> ingested = post("/api/drills/" + drill + "/ingest/generic", token, alert);
        assertThat(ingested.statusCode()).as(ingested.body()).isEqualTo(200);
        assertThat(ingested.body()).contains("HighLatency firing");

        Processes.Running halt = processes.kunren("kunren halt", Path.of("."), "halt", "--url", base, "--token", token);
        assertThat(halt.awaitExit(Duration.ofSeconds(30))).as(halt.output()).isZero();
        agent.awaitLine(l -> l.contains("reverted burn"), Duration.ofSeconds(10));
        JsonNode summary = api.json(facilitator, "GET", "/api/drills/" + drill, null);
        assertThat(summary.path("phase").asText()).isEqualTo("ended");
        String timeline = api.send(facilitator, "GET", "/api/drills/" + drill + "/timeline", null).body();
        assertThat(timeline).contains("agent-connected").contains("\"source\":\"generic\"").contains("\"reason\":\"HALT\"");
    }
}
