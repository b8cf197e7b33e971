package dev.kunren.engine.scenario;

import dev.kunren.engine.alert.AlertRule;
import dev.kunren.engine.alert.Metric;
import dev.kunren.engine.scenario.internal.Problems;
import dev.kunren.engine.scenario.internal.YamlObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.nodes.Node;

/** Reads the {@code alerts:} list of a scenario. */
final class AlertRulesReader {

    private static final List<String> KEYS = List.of("name", "summary", "metric", "promql", "instances", "above", "below", "for",
            "severity");
    private static final List<String> STOP_KEYS = List.of("metric", "promql", "above", "below", "for");
    private static final List<String> SEVERITIES = List.of("info", "warning", "critical");

    private final Problems problems;
    private final Environment environment;
    private final Optional<ExternalEnvironment> external;

    AlertRulesReader(Problems problems, Environment environment, Optional<ExternalEnvironment> external) {
        this.problems = problems;
        this.environment = environment;
        this.external = external;
    }

    List<AlertRule> read(YamlObject top) {
        List<AlertRule> rules = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (Node item : top.list("alerts")) {
            YamlObject.of(item, "an alert rule", problems).flatMap(this::readRule).ifPresent(rule -> {
                if (!names.add(rule.name())) {
                    problems.at(item, "alert rule name \"" + rule.name() + "\" is used twice");
                }
                rules.add(rule);
            });
        }
        return rules;
    }

    /**
     * {@code stopConditions:}: guards on the team's own systems, read like alert rules without a
     * name; one that fires halts every fault.
     */
    List<AlertRule> readStopConditions(YamlObject top) {
        List<AlertRule> conditions = new ArrayList<>();
        int number = 0;
        for (Node item : top.list("stopConditions")) {
            String name = "stop-condition-" + ++number;
            YamlObject.of(item, "a stop condition", problems).flatMap(c -> {
                c.allowOnly(STOP_KEYS);
                return readCondition(c, name);
            }).ifPresent(conditions::add);
        }
        return conditions;
    }

    private Optional<AlertRule> readRule(YamlObject rule) {
        rule.allowOnly(KEYS);
        return readCondition(rule, rule.string("name", true).orElse(""));
    }

    /** What to watch (a metric or a PromQL query), its threshold and for how long. */
    private Optional<Metric> metric(YamlObject rule) {
        if (rule.has("promql")) {
            if (rule.has("metric")) {
                problems.at(rule.keyNode("promql").get(), "a rule watches a metric or a promql query, not both");
            }
            if (external.isEmpty()) {
                problems.at(rule.keyNode("promql").get(), "promql rules query the team's Prometheus, so they need "
                        + "environment.external.prometheus");
            } else if (external.get().prometheus().isEmpty()) {
                problems.at(rule.keyNode("promql").get(), "promql rules query the team's Prometheus: give its URL in "
                        + "environment.external.prometheus");
            }
            return rule.string("promql", true).filter(q -> !q.isBlank()).map(q -> Metric.PROMQL);
        }
        return rule.string("metric", true).flatMap(key -> {
            Optional<Metric> found = Metric.byKey(key);
            if (found.isEmpty()) {
                problems.at(rule.value("metric").get(), "metric \"" + key + "\" is unknown; expected one of "
                        + String.join(", ", Metric.keys()));
            } else if (external.isPresent() && !found.get().external()) {
                problems.at(rule.value("metric").get(), "metric " + key + " is the practice shop's; on the team's own systems "
                        + "a rule watches availability, error_rate, latency_p99 (from the probes) or a promql query");
                return Optional.empty();
            }
            return found;
        });
    }

    private Optional<AlertRule> readCondition(YamlObject rule, String ruleName) {
        Optional<Metric> metric = metric(rule);
        String instances = rule.string("instances", false).orElse("web-*");
        if (rule.has("instances") && metric.isPresent() && !metric.get().perInstance()) {
            problems.at(rule.keyNode("instances").get(), "instances applies only to per-instance metrics (cpu), not "
                    + metric.get().key());
        }
        if (rule.has("instances") && external.isEmpty() && environment.instances() > 0 && instancesMatchNone(instances, environment)) {
            problems.at(rule.value("instances").get(), "instances \"" + instances + "\" matches no instance; the shop has web-1.."
                    + "web-" + environment.instances());
        }
        if (rule.has("above") == rule.has("below")) {
            problems.at(rule.node(), "an alert rule needs exactly one of \"above\" or \"below\"");
            return Optional.empty();
        }
        boolean above = rule.has("above");
        Optional<Double> threshold = rule.number(above ? "above" : "below", true, -1e9, 1e9);
        Duration forDuration = rule.duration("for", false, Duration.ZERO, ScenarioLoader.MAX_DRILL).orElse(Duration.ZERO);
        String severity = rule.string("severity", false).orElse("warning");
        if (!SEVERITIES.contains(severity)) {
            problems.at(rule.value("severity").get(), "severity \"" + severity + "\" is unknown; expected one of "
                    + String.join(", ", SEVERITIES));
        }
        if (ruleName.isEmpty() || metric.isEmpty() || threshold.isEmpty()) {
            return Optional.empty();
        }
        String query = metric.get() == Metric.PROMQL ? rule.string("promql", false).orElse("") : "";
        AlertRule partial = new AlertRule(ruleName, "", metric.get(), instances, above, threshold.get(), forDuration, severity,
                Map.of(), query);
        Localized summary = Localized.read(rule, "summary", false, problems).orElse(new Localized(partial.condition(), Map.of()));
        return Optional.of(new AlertRule(ruleName, summary.text(), metric.get(), instances, above, threshold.get(), forDuration,
                severity, summary.byLanguage(), query));
    }

    private static boolean instancesMatchNone(String glob, Environment environment) {
        AlertRule probe = new AlertRule("probe", "", Metric.CPU, glob, true, 0, Duration.ZERO, "info");
        for (int i = 1; i <= environment.instances(); i++) {
            if (probe.selects("web-" + i)) {
                return false;
            }
        }
        return true;
    }
}
