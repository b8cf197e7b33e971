package dev.kunren.server.own;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A team's own monitoring, for real: the machine's Prometheus scrapes the example service through
 * Kunren's proxy, its rule fires when the proxy delays the scrape, and the machine's Alertmanager
 * posts the alert to the drill with the drill's token; the scenario's PromQL rule reads the same
 * Prometheus. The report's time to detect is then the team's monitoring's.
 */
@Tag("slow")
class PrometheusAlertmanagerTest {

    private static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");
    private static final Path ALERTMANAGER = Path.of("/usr/bin/prometheus-alertmanager");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "prometheus-test-token-0123";

    @TempDir
    Path dir;
    private Processes processes;

    @BeforeEach
    void needsPrometheus() {
        boolean present = Files.isExecutable(PROMETHEUS) && Files.isExecutable(ALERTMANAGER);
        if (System.getenv("KUNREN_REQUIRE_PROMETHEUS") != null) {
            assertThat(present).as("Prometheus and Alertmanager (apt-get install prometheus prometheus-alertmanager)").isTrue();
        }
        Assumptions.assumeTrue(present, "no Prometheus on this machine");
        processes = new Processes();
    }

    @AfterEach
    void stop() {
        if (processes != null) {
            processes.close();
        }
    }

    @Test
    void alertmanagers_alert_and_a_promql_rule_detect_the_proxys_delay() throws Exception {
        int service = Processes.freePort();
        int proxy = Processes.freePort();
        int console = Processes.freePort();
        int prometheus = Processes.freePort();
        int alertmanager = Processes.freePort();
        processes.ownService(service).awaitLine(l -> l.contains("listening on"), Duration.ofSeconds(30));

        Files.writeString(dir.resolve("alertmanager.yml"), """
                route: { receiver: kunren, group_wait: 0s, group_interval: 1s, repeat_interval: 1h }
                receivers:
                  - name: kunren
                    webhook_configs:
                      - url: http://127.0.0.1:%d/api/ingest/alertmanager
                        send_resolved: true
                        http_config: { authorization: { credentials: %s } }
                """.formatted(console, TOKEN));
        Files.writeString(dir.resolve("rules.yml"), """
                groups:
                  - name: own-service
                    interval: 1s
                    rules:
                      - alert: HighLatency
                        expr: scrape_duration_seconds{job="own-service"} > 0.2
                        labels: { severity: critical }
                        annotations: { summary: "scraping the service takes over 200 ms" }
                """);
        Files.writeString(dir.resolve("prometheus.yml"), """
                global: { scrape_interval: 1s, scrape_timeout: 900ms, evaluation_interval: 1s }
                rule_files: [ "%s" ]
                alerting:
                  alertmanagers: [ { static_configs: [ { targets: [ "127.0.0.1:%d" ] } ] } ]
                scrape_configs:
                  - job_name: own-service
                    static_configs: [ { targets: [ "127.0.0.1:%d" ] } ]
                """.formatted(dir.resolve("rules.yml"), alertmanager, proxy));
        Processes.Running am = processes.start("alertmanager", dir, List.of(ALERTMANAGER.toString(),
                "--config.file=" + dir.resolve("alertmanager.yml"), "--storage.path=" + dir.resolve("am-data"),
                "--web.listen-address=127.0.0.1:" + alertmanager, "--cluster.listen-address="));
        am.awaitLine(l -> l.contains("Listening on") || l.contains("Listening address"), Duration.ofSeconds(30));
        Path scenario = Files.writeString(dir.resolve("own.yaml"), """
                kunren: 1
                name: own-prometheus
                title: The team's Prometheus sees the proxy's delay
                duration: 40s
                environment:
                  external:
                    services:
                      - { name: api, listen: 127.0.0.1:%d, upstream: 127.0.0.1:%d, protocol: http }
                    probes:
                      - { name: health, url: http://127.0.0.1:%d/health, rate: 5, timeout: 2s }
                    prometheus: http://127.0.0.1:%d
                alerts:
                  - { name: slow-scrapes, promql: 'max(scrape_duration_seconds{job="own-service"})', above: 0.2 }
                injects:
                  - { id: slow, at: 10s, fault: latency, target: api, params: { latency: 400 }, duration: 20s,
                      detectedBy: [HighLatency] }
                """.formatted(proxy, service, proxy, prometheus));
        Processes.Running run = processes.kunren("kunren run", Path.of("."), "run", scenario.toString(),
                "--console-port", String.valueOf(console), "--token", TOKEN, "--out", dir.resolve("report").toString(),
                "--db", "jdbc:h2:mem:prometheus");
        run.awaitLine(l -> l.contains("Token:"), Duration.ofSeconds(30));
        // Prometheus starts once the drill's proxy is up, so its first scrapes find the service
        processes.start("prometheus", dir, List.of(PROMETHEUS.toString(), "--config.file=" + dir.resolve("prometheus.yml"),
                "--storage.tsdb.path=" + dir.resolve("prom-data"), "--web.listen-address=127.0.0.1:" + prometheus));

        assertThat(run.awaitExit(Duration.ofSeconds(90))).as(run.output()).isZero();
        List<JsonNode> events = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve("report").resolve("timeline.jsonl"))) {
            events.add(JSON.readTree(line));
        }
        Predicate<JsonNode> fromAlertmanager = e -> e.path("event").path("type").asText().equals("alert-changed")
                && e.path("event").path("source").asText().equals("alertmanager");
        assertThat(events.stream().filter(fromAlertmanager).map(e -> e.path("event").path("rule").asText() + " "
                + e.path("event").path("state").asText())).as("Alertmanager's posts").containsSubsequence(
                "HighLatency FIRING", "HighLatency RESOLVED");
        assertThat(events.stream().filter(e -> e.path("event").path("type").asText().equals("alert-changed")
                && e.path("event").path("rule").asText().equals("slow-scrapes")).map(e -> e.path("event").path("state").asText()))
                .as("the scenario's PromQL rule").startsWith("FIRING");

        JsonNode fault = JSON.readTree(dir.resolve("report").resolve("report.json").toFile()).path("faults").get(0);
        assertThat(fault.path("detectedBy").asText()).isEqualTo("HighLatency");
        double seconds = Duration.parse(fault.path("timeToDetect").asText()).toMillis() / 1000.0;
        assertThat(seconds).as("Prometheus scrapes and evaluates every second; Alertmanager posts at once").isBetween(0.5, 10.0);
    }
}
