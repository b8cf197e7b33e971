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

    private static final List<String> KEYS = List.of("name", "summary", "metric", "instances", "above", "below", "for", "severity");
    private static final List<String> SEVERITIES = List.of("info", "warning", "critical");

    private final Problems problems;

    AlertRulesReader(Problems problems) {
        this.problems = problems;
    }

    List<AlertRule> read(YamlObject top, Environment environment) {
        List<AlertRule> rules = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (Node item : top.list("alerts")) {
            YamlObject.of(item, "an alert rule", problems).flatMap(rule -> readRule(rule, environment)).ifPresent(rule -> {
                if (!names.add(rule.name())) {
                    problems.at(item, "alert rule name \"" + rule.name() + "\" is used twice");
                }
                rules.add(rule);
            });
        }
        return rules;
    }

    private Optional<AlertRule> readRule(YamlObject rule, Environment environment) {
        rule.allowOnly(KEYS);
        Optional<String> name = rule.string("name", true);
        Optional<Metric> metric = rule.string("metric", true).flatMap(key -> {
            Optional<Metric> found = Metric.byKey(key);
            if (found.isEmpty()) {
                problems.at(rule.value("metric").get(), "metric \"" + key + "\" is unknown; expected one of "
                        + String.join(", ", Metric.keys()));
            }
            return found;
        });
        String instances = rule.string("instances", false).orElse("web-*");
        if (rule.has("instances") && metric.isPresent() && !metric.get().perInstance()) {
            problems.at(rule.keyNode("instances").get(), "instances applies only to per-instance metrics (cpu), not "
                    + metric.get().key());
        }
        if (rule.has("instances") && environment.instances() > 0 && instancesMatchNone(instances, environment)) {
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
        if (name.isEmpty() || metric.isEmpty() || threshold.isEmpty()) {
            return Optional.empty();
        }
        AlertRule partial = new AlertRule(name.get(), "", metric.get(), instances, above, threshold.get(), forDuration, severity);
        Localized summary = Localized.read(rule, "summary", false, problems).orElse(new Localized(partial.condition(), Map.of()));
        return Optional.of(new AlertRule(name.get(), summary.text(), metric.get(), instances, above, threshold.get(), forDuration, severity,
                summary.byLanguage()));
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
