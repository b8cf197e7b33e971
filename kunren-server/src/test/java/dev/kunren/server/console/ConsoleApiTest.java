package dev.kunren.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kunren.engine.timeline.Timeline;
import dev.kunren.engine.timeline.TimelineEvent.AlertChanged;
import dev.kunren.engine.timeline.TimelineEvent.AlertState;
import dev.kunren.engine.timeline.TimelineEvent.FaultInjected;
import dev.kunren.shop.Shop;
import dev.kunren.shop.ShopConfig;
import dev.kunren.shop.balancer.HealthCheckPolicy;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The console API over real HTTP: its reads, its operations, and a clear problem+json for every mistake. */
class ConsoleApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient client = HttpClient.newHttpClient();
    private final Timeline timeline = new Timeline("d", record -> { }, Clock.systemUTC());
    private Shop red;
    private ConsoleApi api;

    @BeforeEach
    void start() throws Exception {
        red = Shop.start(new ShopConfig(2, 1000, new HealthCheckPolicy(2, 2)), () -> Instant.EPOCH.plusSeconds(42));
        api = new ConsoleApi(List.of("red", "blue"), team -> team.equals("red") ? Optional.of(red) : Optional.empty(), timeline)
                .start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    }

    @AfterEach
    void stop() {
        api.close();
        red.close();
        client.close();
    }

    private HttpResponse<String> call(String method, String path, String body, String actor) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.address().getPort() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (actor != null) {
            request.header(ConsoleApi.ACTOR_HEADER, actor);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode ok(String method, String path, String body) throws Exception {
        HttpResponse<String> response = call(method, path, body, "alice");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        return JSON.readTree(response.body());
    }

    @Test
    void reads_show_the_environment_and_operations_act_on_it_under_the_callers_name() throws Exception {
        assertThat(ok("GET", "/api/teams/red/instances", null)).extracting(i -> i.path("id").asText()).containsExactly("web-1", "web-2");
        assertThat(ok("GET", "/api/teams/red/database", null).path("writerEndpoint").asText()).isEqualTo("db-1");
        assertThat(ok("POST", "/api/teams/red/instances/web-2/terminate", null).path("result").asText()).isEqualTo("terminated");
        assertThat(ok("PUT", "/api/teams/red/scaling-group", "{\"healthReplacement\": true}").path("result").asText())
                .contains("replaced automatically");

        JsonNode audit = ok("GET", "/api/teams/red/audit?actor=alice", null);
        assertThat(audit).extracting(e -> e.path("operation").asText()).containsExactly("SetHealthReplacement", "TerminateInstances");
        assertThat(audit.get(1).path("source").asText()).isEqualTo("console");
        assertThat(audit.get(1).path("at").asText()).isEqualTo("PT42S");

        HttpResponse<String> metrics = call("GET", "/api/teams/red/metrics", null, null);
        assertThat(metrics.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain; version=0.0.4"));
        assertThat(metrics.body()).contains("kunren_lb_healthy_targets{team=\"red\"} 1");
    }

    @Test
    void config_objects_are_uploaded_as_text_restored_by_version_and_listed() throws Exception {
        ok("PUT", "/api/teams/red/buckets/shop-config/objects/app-config.json", "{\"paymentFallback\": \"defer\"}");
        assertThat(ok("GET", "/api/teams/red/buckets/shop-config/objects/app-config.json/versions", null))
                .extracting(v -> v.path("author").asText()).containsExactly("provisioning", "alice");
        ok("POST", "/api/teams/red/buckets/shop-config/objects/app-config.json/restore", "{\"version\": 1}");
        assertThat(ok("GET", "/api/teams/red/buckets/shop-config/objects/app-config.json?version=2", null).path("content").asText())
                .contains("defer");
        assertThat(ok("GET", "/api/teams/red/buckets/shop-config/objects/app-config.json", null).path("version").asInt()).isEqualTo(3);
    }

    @ParameterizedTest(name = "{0} {1} → {3}")
    @CsvSource(delimiter = '|', textBlock = """
            GET  | /api/teams/green/instances                   |                      | 404 | no team green in this drill
            GET  | /api/teams/blue/instances                    |                      | 503 | the drill has not started yet
            GET  | /api/teams/red/instances/web-9               |                      | 404 | no instance web-9
            POST | /api/teams/red/instances/web-9/restart       |                      | 404 | no instance web-9
            PUT  | /api/teams/red/scaling-group                 | {"min": 3, "max": 2} | 400 | sizes must satisfy
            PUT  | /api/teams/red/scaling-group                 | {"min": 1,           | 400 | not valid JSON
            PUT  | /api/teams/red/scaling-group                 | [1, 2]               | 400 | must be a JSON object
            PUT  | /api/teams/red/scaling-group                 | {}                   | 400 | say what to change
            PUT  | /api/teams/red/routes/web-to-db              | {"allowed": "yes"}   | 400 | "allowed": true or false
            PUT  | /api/teams/red/routes/nowhere                | {"allowed": true}    | 404 | no route nowhere
            POST | /api/teams/red/database/nodes/db-1/promote   |                      | 409 | db-1 is already the primary
            POST | /api/teams/red/database/processes/abc/kill   |                      | 404 | no process abc
            GET  | /api/teams/red/buckets/other/objects         |                      | 404 | no bucket other
            DELETE | /api/teams/red/instances                   |                      | 405 | DELETE is not allowed here
            GET  | /api/nothing                                 |                      | 404 | no such resource
            """)
    void mistakes_get_a_problem_json_that_says_what_is_wrong(String method, String path, String body, int status,
                                                            String detail) throws Exception {
        HttpResponse<String> response = call(method, path, body, "alice");

        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        assertThat(problem.path("detail").asText()).contains(detail);
        assertThat(problem.path("instance").asText()).isEqualTo(path);
        assertThat(response.body()).doesNotContain("Exception", "\tat ");
    }

    @Test
    void json_nested_past_the_parsers_limit_is_a_400_not_a_500() throws Exception {
        String deep = "{\"a\":".repeat(2_000) + "1" + "}".repeat(2_000);
        HttpResponse<String> response = call("PUT", "/api/teams/red/scaling-group", deep, "alice");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(response.body()).path("detail").asText()).contains("not valid JSON", "nesting depth");
    }

    @Test
    void an_operation_without_a_named_actor_is_refused_and_changes_nothing() throws Exception {
        HttpResponse<String> response = call("POST", "/api/teams/red/instances/web-1/terminate", null, null);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains(ConsoleApi.ACTOR_HEADER);
        assertThat(red.fleet().instance("web-1").appRunning()).isTrue();
    }

    @Test
    void alerts_and_the_team_timeline_come_from_the_timeline_with_injected_faults_kept_for_the_debrief() throws Exception {
        timeline.append("red", Duration.ofSeconds(60), new FaultInjected("kill", "kill-instance", "web-1", Map.of(),
                Duration.ofMinutes(3), List.of()));
        timeline.append("red", Duration.ofSeconds(70), new AlertChanged("down", "critical", AlertState.FIRING, "s", 1, "c"));
        timeline.append("blue", Duration.ofSeconds(71), new AlertChanged("blue-only", "critical", AlertState.FIRING, "s", 1, "c"));

        JsonNode alerts = ok("GET", "/api/teams/red/alerts", null);
        assertThat(alerts.path("firing")).extracting(a -> a.path("rule").asText()).containsExactly("down");
        JsonNode events = ok("GET", "/api/teams/red/timeline", null);
        assertThat(events).extracting(e -> e.path("event").path("type").asText()).containsExactly("alert-changed");
        assertThat(ok("GET", "/api/teams/red/timeline?after=2", null)).isEmpty();
    }
}
