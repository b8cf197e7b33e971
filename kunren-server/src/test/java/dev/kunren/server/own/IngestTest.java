package dev.kunren.server.own;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kunren.engine.clock.ManualDrillClock;
import dev.kunren.engine.drill.Drill;
import dev.kunren.engine.drill.DrillProgress;
import dev.kunren.engine.report.DrillReport;
import dev.kunren.engine.report.ReportBuilder;
import dev.kunren.engine.scenario.Scenario;
import dev.kunren.engine.scenario.ScenarioLoader;
import dev.kunren.engine.timeline.EventRecord;
import dev.kunren.engine.timeline.Timeline;
import dev.kunren.engine.timeline.TimelineEvent.AlertChanged;
import dev.kunren.engine.timeline.TimelineEvent.EndReason;
import dev.kunren.server.console.ConsoleApi;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The team's monitoring posts its alerts to a drill on its own systems: each source's payload, in
 * the shape its documentation shows, lands on the timeline and counts as detecting the fault its
 * scenario names; payloads Kunren cannot read, wrong tokens and unknown sources record nothing.
 */
class IngestTest {

    private static final String TOKEN = "ingest-test-token-0123";
    private final Timeline timeline = new Timeline("d", record -> { }, Clock.systemUTC());
    private final ManualDrillClock clock = new ManualDrillClock();
    private final AtomicReference<DrillProgress> progress = new AtomicReference<>();
    private final HttpClient http = HttpClient.newHttpClient();
    private Drill drill;
    private ConsoleApi api;
    private CompletableFuture<EndReason> run;

    @BeforeEach
    void start() throws Exception {
        Scenario scenario = ScenarioLoader.parse("own.yaml", """
                kunren: 1
                name: own
                title: Own
                duration: 2m
                environment:
                  external:
                    services:
                      - { name: api, listen: 127.0.0.1:%d, upstream: 127.0.0.1:%d, protocol: http }
                injects:
                  - { id: slow, at: 10s, fault: latency, target: api, params: { latency: 300 }, duration: 1m,
                      detectedBy: [HighLatency] }
                """.formatted(Processes.freePort(), Processes.freePort()));
        drill = new Drill(scenario, clock, timeline, 7, List.of("red"), List.of(), progress::set);
        api = new ConsoleApi(List.of("red"), team -> Optional.empty(), timeline, Set.of(), Optional.of(TOKEN))
                .withOwnSystems(drill).start(new java.net.InetSocketAddress("127.0.0.1", 0));
    }

    @AfterEach
    void stop() {
        drill.halt();
        api.close();
        http.close();
    }

    private void runTo(int seconds) {
        if (run == null) {
            run = CompletableFuture.supplyAsync(drill::run);
        }
        while (clock.elapsed().toSeconds() < seconds) {
            clock.advance(Duration.ofSeconds(1));
            long target = clock.elapsed().toSeconds();
            await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1)).atMost(Duration.ofSeconds(10))
                    .until(() -> progress.get() != null && progress.get().elapsed().toSeconds() >= target);
        }
    }

    private HttpResponse<String> post(String path, String body, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.address().getPort() + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return post(path, body, "Bearer " + TOKEN);
    }

    private List<AlertChanged> alerts() {
        return timeline.records().stream().map(EventRecord::event).filter(AlertChanged.class::isInstance)
                .map(AlertChanged.class::cast).toList();
    }

    private static String alertmanager(String status, String fingerprint) {
        // Alertmanager's webhook, version 4, as its documentation shows it
        return """
                {"version": "4", "groupKey": "{}:{alertname=\\"HighLatency\\"}", "truncatedAlerts": 0, "status": "%s",
                 "receiver": "kunren", "groupLabels": {"alertname": "HighLatency"},
                 "commonLabels": {"alertname": "HighLatency", "severity": "critical"},
                 "commonAnnotations": {"summary": "p99 over 250 ms"}, "externalURL": "http://alertmanager:9093",
                 "alerts": [{"status": "%s", "labels": {"alertname": "HighLatency", "severity": "critical", "instance": "api:9000"},
                   "annotations": {"summary": "p99 over 250 ms"}, "startsAt": "2026-12-02T08:00:00Z",
                   "endsAt": "0001-01-01T00:00:00Z", "generatorURL": "http://prometheus:9090/graph", "fingerprint": "%s"}]}
                """.formatted(status, status, fingerprint);
    }

    @Test
    void alertmanagers_alert_detects_the_fault_and_resolves_with_its_last_series() throws Exception {
        runTo(15);
        HttpResponse<String> firing = post("/api/ingest/alertmanager", alertmanager("firing", "a1"));
        assertThat(firing.statusCode()).as(firing.body()).isEqualTo(200);
        assertThat(firing.body()).contains("\"received\":1").contains("HighLatency firing");
        assertThat(post("/api/ingest/alertmanager", alertmanager("firing", "a1")).body())
                .as("a webhook's repeat changes nothing").contains("\"changed\":[]");
        post("/api/ingest/alertmanager", alertmanager("firing", "b2"));
        post("/api/ingest/alertmanager", alertmanager("resolved", "a1"));
        assertThat(alerts()).as("still one series firing").hasSize(1);
        runTo(20);
        assertThat(post("/api/ingest/alertmanager", alertmanager("resolved", "b2")).body()).contains("HighLatency resolved");

        assertThat(alerts()).extracting(AlertChanged::rule, AlertChanged::source, AlertChanged::severity)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("HighLatency", "alertmanager", "critical"),
                        org.assertj.core.groups.Tuple.tuple("HighLatency", "alertmanager", "critical"));
        drill.halt();
        DrillReport report = ReportBuilder.build(timeline.records());
        DrillReport.FaultReport slow = report.faults().getFirst();
        assertThat(slow.detectedBy()).isEqualTo("HighLatency");
        assertThat(slow.timeToDetect()).isEqualTo(Duration.ofSeconds(5));
        assertThat(slow.detectedVia()).isEqualTo("alertmanager");
        assertThat(dev.kunren.engine.report.MarkdownReport.render(report)).contains("5s by HighLatency (alertmanager)");
    }

    @Test
    void grafana_mackerel_and_generic_payloads_are_read() throws Exception {
        runTo(12);
        String grafanaUnified = """
                {"receiver": "kunren", "status": "firing", "orgId": 1, "groupKey": "{}:{}", "externalURL": "http://grafana:3000/",
                 "alerts": [{"status": "firing", "labels": {"alertname": "CheckoutErrors", "grafana_folder": "shop"},
                   "annotations": {"description": "5xx over 1%"}, "startsAt": "2026-12-02T08:00:00Z", "fingerprint": "57c6d9296de2ad39",
                   "values": {"B": 2.5}}], "version": "1", "title": "[FIRING:1] CheckoutErrors", "state": "alerting"}
                """;
        String grafanaLegacy = """
                {"dashboardId": 1, "evalMatches": [{"value": 1, "metric": "Count", "tags": {}}], "message": "Disk almost full",
                 "orgId": 1, "panelId": 2, "ruleId": 7, "ruleName": "DiskFull", "ruleUrl": "http://grafana:3000/d/x",
                 "state": "alerting", "tags": {}, "title": "[Alerting] DiskFull"}
                """;
        String mackerel = """
                {"orgName": "Example", "event": "alert", "memo": "", "host": {"id": "22D4z", "name": "app-host-1", "status": "working"},
                 "alert": {"openedAt": 1473129912, "createdAt": 1473129912693, "criticalThreshold": 1.95, "duration": 5,
                   "isOpen": true, "metricLabel": "loadavg5", "metricValue": 2.25, "monitorName": "LoadHigh",
                   "monitorOperator": ">", "status": "critical", "trigger": "monitor", "id": "2bj3ScDgH1M",
                   "url": "https://mackerel.io/orgs/Example/alerts/2bj3ScDgH1M", "warningThreshold": 1.46}}
                """;
        assertThat(post("/api/ingest/grafana", grafanaUnified).body()).contains("CheckoutErrors firing");
        assertThat(post("/api/ingest/grafana", grafanaLegacy).body()).contains("DiskFull firing");
        String basic = "Basic " + Base64.getEncoder().encodeToString(("kunren:" + TOKEN).getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> fromMackerel = post("/api/ingest/mackerel", mackerel, basic);
        assertThat(fromMackerel.body()).as("Mackerel sends the token as the URL's password").contains("LoadHigh firing");
        assertThat(post("/api/ingest/mackerel", mackerel.replace("\"isOpen\": true", "\"isOpen\": false")
                .replace("\"critical\", \"trigger\"", "\"ok\", \"trigger\""), basic).body()).contains("LoadHigh resolved");
        assertThat(post("/api/ingest/generic", "{\"name\": \"QueueBacklog\", \"status\": \"firing\", \"severity\": \"info\"}")
                .body()).contains("QueueBacklog firing");
        assertThat(alerts()).extracting(a -> a.rule() + "/" + a.source() + "/" + a.severity()).containsExactly(
                "CheckoutErrors/grafana/warning", "DiskFull/grafana/warning", "LoadHigh/mackerel/critical",
                "LoadHigh/mackerel/warning", "QueueBacklog/generic/info");
    }

    @Test
    void what_kunren_cannot_read_or_may_not_take_records_nothing() throws Exception {
        runTo(12);
        assertThat(post("/api/ingest/alertmanager", "{\"alerts\": [{\"status\": \"firing\", \"labels\": {}}]}"))
                .satisfies(r -> assertThat(r.statusCode()).isEqualTo(400))
                .satisfies(r -> assertThat(r.body()).contains("labels.alertname"));
        assertThat(post("/api/ingest/alertmanager", "{\"alerts\": ").statusCode()).as("broken JSON").isEqualTo(400);
        assertThat(post("/api/ingest/generic", "[1, 2]").statusCode()).isEqualTo(400);
        assertThat(post("/api/ingest/generic", "{\"name\": \"X\", \"status\": \"maybe\"}").statusCode()).isEqualTo(400);
        assertThat(post("/api/ingest/pagerduty", "{}"))
                .satisfies(r -> assertThat(r.statusCode()).isEqualTo(404))
                .satisfies(r -> assertThat(r.body()).contains("alertmanager, grafana, mackerel, generic"));
        assertThat(post("/api/ingest/generic?team=blue", "{\"name\": \"X\", \"status\": \"firing\"}").statusCode()).isEqualTo(404);
        assertThat(post("/api/ingest/generic", "{\"name\": \"X\", \"status\": \"firing\"}", "Bearer wrong-token-0000000000")
                .statusCode()).isEqualTo(401);
        assertThat(post("/api/ingest/generic", "{\"name\": \"" + "x".repeat(300_000) + "\", \"status\": \"firing\"}")
                .statusCode()).isEqualTo(413);
        HttpResponse<String> half = post("/api/ingest/generic",
                "{\"alerts\": [{\"name\": \"Good\", \"status\": \"firing\"}, {\"name\": \"Bad\"}]}");
        assertThat(half.statusCode()).as("one bad alert refuses the whole payload").isEqualTo(400);
        assertThat(half.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).contains("problem+json"));
        assertThat(alerts()).isEmpty();
    }

    @Test
    void alerts_outside_the_drill_are_refused() throws Exception {
        assertThat(post("/api/ingest/generic", "{\"name\": \"Early\", \"status\": \"firing\"}"))
                .satisfies(r -> assertThat(r.statusCode()).isEqualTo(409))
                .satisfies(r -> assertThat(r.body()).contains("not started"));
        assertThat(alerts()).isEmpty();
    }
}
