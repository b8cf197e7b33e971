package dev.kunren.server.own;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A drill on a team's own systems with real processes: the example service, {@code kunren run}
 * and {@code kunren agent} each in its own JVM. The proxy delays the service, the probes see it,
 * the agent kills the service's worker process, a stop condition halts every fault (the agent
 * restarts the worker), {@code kunren halt} reaches agents and proxies, and an agent whose drill
 * dies (kill -9) reverts on its own.
 */
@Tag("slow")
class OwnSystemsDrillTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "own-systems-test-token";

    @TempDir
    Path dir;
    private Processes processes;
    private int servicePort;
    private int proxyPort;
    private int consolePort;
    private Path allow;

    @BeforeEach
    void startTheService() throws Exception {
        processes = new Processes();
        servicePort = Processes.freePort();
        proxyPort = Processes.freePort();
        consolePort = Processes.freePort();
        processes.ownService(servicePort).awaitLine(l -> l.contains("listening on"), Duration.ofSeconds(30));
        allow = Files.writeString(dir.resolve("allow.yaml"), """
                processes:
                  worker:
                    match: "sleep 31337"
                    restart: "curl -s -X POST http://127.0.0.1:PORT/admin/restart-worker"
                cpu: { maxCores: 1 }
                """.replace("PORT", String.valueOf(servicePort)));
    }

    @AfterEach
    void stop() {
        processes.close();
    }

    private Path scenario(String injects, String stopConditions) throws Exception {
        return Files.writeString(dir.resolve("own.yaml"), """
                kunren: 1
                name: own-test
                title: Own systems under test
                duration: DURATION
                environment:
                  external:
                    services:
                      - { name: checkout-api, listen: 127.0.0.1:PROXY, upstream: 127.0.0.1:SERVICE, protocol: http }
                    probes:
                      - { name: health, url: http://127.0.0.1:PROXY/health, rate: 10, timeout: 1s, expectStatus: 200 }
                    agents: [host-1]
                steadyState: { availability: 99%, latencyP99: 250ms, window: 10s }
                alerts:
                  - { name: checkout-failing, metric: availability, below: 99 }
                  - { name: slow-responses, metric: latency_p99, above: 150, for: 10s }
                STOPS
                injects:
                INJECTS
                """.replace("PROXY", String.valueOf(proxyPort)).replace("SERVICE", String.valueOf(servicePort))
                .replace("STOPS", stopConditions).replace("INJECTS", injects).replace("DURATION", "100s"));
    }

    private Processes.Running drill(Path scenario, double speed) throws Exception {
        return processes.kunren("kunren run", Path.of("."), "run", scenario.toString(), "--speed", String.valueOf(speed),
                "--console-port", String.valueOf(consolePort), "--token", TOKEN, "--out", dir.resolve("report").toString(),
                "--db", "jdbc:h2:mem:own");
    }

    private Processes.Running agent(String... more) throws Exception {
        List<String> args = new ArrayList<>(List.of("agent", "--server", "http://127.0.0.1:" + consolePort, "--name", "host-1",
                "--token", TOKEN, "--allow", allow.toString()));
        args.addAll(List.of(more));
        return processes.kunren("kunren agent", Path.of("."), args.toArray(String[]::new));
    }

    private List<JsonNode> timeline() throws Exception {
        List<JsonNode> events = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve("report").resolve("timeline.jsonl"))) {
            events.add(JSON.readTree(line));
        }
        return events;
    }

    private static JsonNode first(List<JsonNode> events, Predicate<JsonNode> match) {
        return events.stream().filter(match).findFirst().orElseThrow(() -> new AssertionError("no such event in " + events));
    }

    private static Predicate<JsonNode> type(String type) {
        return e -> e.path("event").path("type").asText().equals(type);
    }

    private int health() throws Exception {
        try (HttpClient client = HttpClient.newHttpClient()) {
            return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + servicePort + "/health")).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        }
    }

    @Test
    void the_proxy_the_probes_the_agent_and_a_stop_condition_work_together_on_real_processes() throws Exception {
        Path scenario = scenario("""
                  - { id: slow, at: 20s, fault: latency, target: checkout-api, params: { latency: 250 }, duration: 25s,
                      detectedBy: [slow-responses] }
                  - { id: kill-worker, at: 50s, fault: kill-process, target: host-1, params: { process: worker } }
                  - { id: never, at: 90s, fault: latency, target: checkout-api, params: { latency: 100 } }
                """, """
                stopConditions:
                  - { metric: availability, below: 50, for: 10s }
                """);
        Processes.Running agent = agent();
        Processes.Running run = drill(scenario, 4);
        assertThat(run.awaitExit(Duration.ofSeconds(90))).as(run.output()).isZero();

        List<JsonNode> events = timeline();
        assertThat(first(events, type("agent-connected")).path("event").path("allowed").toString()).contains("process:worker");
        JsonNode report = JSON.readTree(dir.resolve("report").resolve("report.json").toFile());
        JsonNode slow = report.path("faults").get(0);
        assertThat(slow.path("detectedBy").asText()).as("the probes saw the proxy's delay").isEqualTo("slow-responses");
        JsonNode killed = first(events, e -> type("agent-acted").test(e) && e.path("event").path("action").asText().equals("apply"));
        assertThat(killed.path("event").path("ok").asBoolean()).as(killed.toString()).isTrue();
        assertThat(killed.path("event").path("detail").asText()).contains("sent KILL to").contains("sleep 31337");
        JsonNode tripped = first(events, type("stop-condition-tripped"));
        assertThat(tripped.path("event").path("condition").asText()).isEqualTo("availability < 50%");
        assertThat(first(events, e -> type("fault-reverted").test(e) && e.path("event").path("faultId").asText().equals("kill-worker"))
                .path("event").path("reason").asText()).isEqualTo("STOP_CONDITION");
        assertThat(first(events, e -> type("agent-acted").test(e) && e.path("event").path("action").asText().equals("revert"))
                .path("event").path("detail").asText()).as("the allow-list's restart ran").contains("restart-worker (exit 0)");
        assertThat(first(events, type("inject-skipped")).path("event").path("faultId").asText()).isEqualTo("never");
        assertThat(health()).as("the worker is back").isEqualTo(200);
        assertThat(agent.output()).contains("kill-process kill-worker: sent KILL");
    }

    @Test
    void kunren_halt_reverts_what_the_agent_does_and_ends_the_drill() throws Exception {
        Path scenario = scenario("""
                  - { id: stress, at: 2s, fault: cpu-stress, target: host-1, params: { cores: 1, percent: 50 } }
                  - { id: slow, at: 2s, fault: latency, target: checkout-api, params: { latency: 50 } }
                """, "");
        Processes.Running agent = agent();
        Processes.Running run = drill(scenario, 1);
        agent.awaitLine(l -> l.contains("cpu-stress stress: busy on 1 core"), Duration.ofSeconds(30));
        Processes.Running halt = processes.kunren("kunren halt", Path.of("."), "halt", "--url", "http://127.0.0.1:" + consolePort,
                "--token", TOKEN);
        assertThat(halt.awaitExit(Duration.ofSeconds(20))).as(halt.output()).isZero();
        agent.awaitLine(l -> l.contains("reverted stress") && l.contains("stopped the CPU stress"), Duration.ofSeconds(10));
        assertThat(run.awaitExit(Duration.ofSeconds(30))).as("halted: " + run.output()).isEqualTo(130);
        List<JsonNode> events = timeline();
        assertThat(events.stream().filter(type("fault-reverted")).map(e -> e.path("event").path("reason").asText()))
                .containsOnly("HALT").hasSize(2);
    }

    @Test
    void an_agent_whose_drill_dies_reverts_on_its_own_and_says_so() throws Exception {
        Path scenario = scenario("""
                  - { id: kill-worker, at: 2s, fault: kill-process, target: host-1, params: { process: worker } }
                """, "");
        Processes.Running agent = agent("--dead-man", "3s");
        Processes.Running run = drill(scenario, 1);
        agent.awaitLine(l -> l.contains("kill-process kill-worker: sent KILL"), Duration.ofSeconds(30));
        assertThat(health()).isEqualTo(503);
        run.process.destroyForcibly();  // kill -9: the drill cannot revert anything itself
        agent.awaitLine(l -> l.contains("reverted kill-worker (no word from the drill for 3 s)")
                && l.contains("restart-worker (exit 0)"), Duration.ofSeconds(20));
        assertThat(health()).as("the worker is back without the drill").isEqualTo(200);
    }
}
