package dev.kunren.engine.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kunren.engine.alert.Metric;
import dev.kunren.engine.fault.FaultType;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code environment: external}: what a scenario on the team's own systems may say, and where it is wrong. */
class ExternalScenarioTest {

    private static final String ENVIRONMENT = """
            kunren: 1
            name: own
            title: Own
            duration: 5m
            environment:
              external:
                services:
                  - { name: api, listen: 127.0.0.1:19000, upstream: 127.0.0.1:9000, protocol: http }
                  - { name: db, listen: 127.0.0.1:15432, upstream: 127.0.0.1:5432 }
                probes:
                  - { name: health, url: http://127.0.0.1:19000/health, rate: 5 }
                agents: [host-1]
                prometheus: http://127.0.0.1:9090
            """;

    private static List<String> errors(String text) {
        try {
            ScenarioLoader.parse("s.yaml", text);
        } catch (ScenarioException e) {
            return e.errors().stream().map(ScenarioError::toString).toList();
        }
        throw new AssertionError("expected errors for:\n" + text);
    }

    @Test
    void a_scenario_on_the_teams_own_systems_is_read() {
        Scenario scenario = ScenarioLoader.parse("s.yaml", ENVIRONMENT + """
                alerts:
                  - { name: failing, metric: availability, below: 99 }
                  - { name: p99, promql: 'histogram_quantile(0.99, rate(x_bucket[1m]))', above: 0.5, for: 30s }
                stopConditions:
                  - { metric: availability, below: 50, for: 20s }
                injects:
                  - { id: slow, at: 1m, fault: latency, target: api, params: { latency: 400 }, detectedBy: [failing, HighLatency] }
                  - { id: errors, at: 2m, fault: http-errors, target: api, params: { percent: 20, status: 502 } }
                  - { id: down, at: 2m, fault: service-down, target: db, duration: 30s }
                  - { id: kill, at: 3m, fault: kill-process, target: host-1, params: { process: worker } }
                  - { id: burn, at: 3m, fault: cpu-stress, target: host-1, params: { cores: 2 } }
                """);
        ExternalEnvironment own = scenario.external().orElseThrow();
        assertThat(own.services()).extracting(ExternalEnvironment.Service::name, ExternalEnvironment.Service::http)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("api", true), org.assertj.core.groups.Tuple.tuple("db", false));
        assertThat(own.probeRate()).isEqualTo(5.0);
        assertThat(scenario.alerts()).extracting(a -> a.metric()).containsExactly(Metric.AVAILABILITY, Metric.PROMQL);
        assertThat(scenario.stopConditions()).hasSize(1);
        assertThat(scenario.injects()).extracting(i -> i.type()).containsExactly(FaultType.LATENCY, FaultType.HTTP_ERRORS,
                FaultType.SERVICE_DOWN, FaultType.KILL_PROCESS, FaultType.CPU_STRESS);
        assertThat(scenario.injects().getFirst().params()).containsEntry("latency", 400.0);
        assertThat(scenario.injects().get(3).names()).containsEntry("process", "worker");
        assertThat(scenario.incident().components()).as("the status page lists the team's services").containsExactly("api", "db");
    }

    @Test
    void the_shops_faults_metrics_and_traffic_do_not_exist_on_own_systems() {
        assertThat(errors(ENVIRONMENT + """
                traffic: { rate: 10 }
                alerts:
                  - { name: hot, metric: cpu, above: 90 }
                injects:
                  - { at: 1m, fault: kill-instance, target: web-1 }
                """)).containsExactly(
                "s.yaml:14:1: traffic is the practice shop's customers; on the team's own systems the probes of "
                        + "environment.external are the customers",
                "s.yaml:16:26: metric cpu is the practice shop's; on the team's own systems a rule watches availability, "
                        + "error_rate, latency_p99 (from the probes) or a promql query",
                "s.yaml:18:22: fault kill-instance acts on the practice shop; on the team's own systems the faults are cpu-stress, "
                        + "fill-disk, http-errors, kill-process, latency, memory-pressure, service-down, stop-service");
    }

    @Test
    void targets_and_names_must_be_in_the_environment_and_the_allow_list() {
        assertThat(errors(ENVIRONMENT + """
                injects:
                  - { at: 1m, fault: latency, target: checkout, params: { latency: 100 } }
                  - { at: 1m, fault: http-errors, target: db }
                  - { at: 1m, fault: kill-process, target: api, params: { process: worker } }
                  - { at: 1m, fault: kill-process, target: host-1, params: { process: "rm -rf /" } }
                  - { at: 1m, fault: stop-service, target: host-1 }
                """)).containsExactly(
                "s.yaml:15:39: target \"checkout\" is not a service of environment.external.services, one of api, db",
                "s.yaml:16:43: fault http-errors needs an HTTP service; db has protocol tcp (set protocol: http)",
                "s.yaml:17:44: target \"api\" is not an agent of environment.external.agents, one of host-1",
                "s.yaml:18:71: process is a name from the agent's allow-list (letters, digits, '.', '_', '-'), but was \"rm -rf /\"",
                "s.yaml:19:5: fault stop-service needs params.service");
    }

    @Test
    void the_environment_is_checked_where_it_is_written() {
        assertThat(errors("""
                kunren: 1
                name: own
                title: Own
                duration: 5m
                environment:
                  external:
                    services:
                      - { name: api, listen: 127.0.0.1:9000, upstream: 127.0.0.1:9000 }
                      - { name: api, listen: db.internal:5432, upstream: 10.0.0.5:5432 }
                    probes:
                      - { name: health, url: ftp://127.0.0.1/health, rate: 5 }
                alerts:
                  - { name: p99, promql: 'up', below: 1 }
                """)).containsExactly(
                "s.yaml:8:56: upstream and listen are the same address: the proxy would relay to itself",
                "s.yaml:9:17: the name \"api\" is used twice in the environment",
                "s.yaml:9:30: an address is IP:PORT (or localhost:PORT), e.g. 127.0.0.1:9000, but was \"db.internal:5432\"",
                "s.yaml:11:30: url must be an http:// or https:// URL, but was \"ftp://127.0.0.1/health\"",
                "s.yaml:13:18: promql rules query the team's Prometheus: give its URL in environment.external.prometheus");
    }

    @Test
    void the_teams_own_faults_are_refused_in_the_practice_shop() {
        assertThat(errors("""
                kunren: 1
                name: shop
                title: Shop
                duration: 5m
                injects:
                  - { at: 1m, fault: kill-process, target: web-1, params: { process: worker } }
                stopConditions:
                  - { metric: availability, below: 50 }
                """)).hasSize(2).allSatisfy(e -> assertThat(e).doesNotContain("Exception"))
                .anySatisfy(e -> assertThat(e).startsWith("s.yaml:6:22: fault kill-process acts on a team's own systems"))
                .anySatisfy(e -> assertThat(e).startsWith("s.yaml:7:1: stopConditions"));
    }
}
