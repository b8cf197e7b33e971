package dev.kunren.engine.scenario;

import dev.kunren.engine.expectation.Expectation;
import dev.kunren.engine.expectation.ExpectationKind;
import dev.kunren.engine.scenario.internal.Problems;
import dev.kunren.engine.scenario.internal.YamlObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads an inject's {@code expect:} list. Each item names one kind with its limit
 * ({@code - answer: 5m}), optionally the alert it is about, the points it is worth and the
 * penalty a miss costs.
 */
final class ExpectationsReader {

    private final Problems problems;
    private final Set<String> alertNames;

    ExpectationsReader(Problems problems, Set<String> alertNames) {
        this.problems = problems;
        this.alertNames = alertNames;
    }

    List<Expectation> read(YamlObject inject, String injectId, boolean isMessage) {
        List<Expectation> expectations = new ArrayList<>();
        Set<String> kinds = new HashSet<>();
        for (Node item : inject.list("expect")) {
            YamlObject.of(item, "an expectation", problems).flatMap(e -> readOne(e, injectId, isMessage)).ifPresent(e -> {
                if (!kinds.add(e.kind().key())) {
                    problems.at(item, "expectation " + e.kind().key() + " is given twice for " + injectId);
                }
                expectations.add(e);
            });
        }
        return expectations;
    }

    private Optional<Expectation> readOne(YamlObject item, String injectId, boolean isMessage) {
        List<String> allowed = new ArrayList<>(ExpectationKind.keys());
        allowed.addAll(List.of("alert", "points", "penalty"));
        item.allowOnly(allowed);
        List<ExpectationKind> named = ExpectationKind.keys().stream().filter(item::has)
                .map(k -> ExpectationKind.byKey(k).orElseThrow()).toList();
        if (named.size() != 1) {
            problems.at(item.node(), "an expectation names exactly one of " + String.join(", ", ExpectationKind.keys())
                    + " with its limit, e.g. \"- declare: 5m\"");
            return Optional.empty();
        }
        ExpectationKind kind = named.getFirst();
        if (kind == ExpectationKind.ANSWER && !isMessage) {
            problems.at(item.keyNode(kind.key()).get(), "answer is expected of message injects only");
        }
        Optional<Duration> limit = item.duration(kind.key(), true, Duration.ZERO, ScenarioLoader.MAX_DRILL);
        Optional<String> alert = item.string("alert", false);
        if (alert.isPresent() && !kind.takesAlert()) {
            problems.at(item.keyNode("alert").get(), kind.key() + " is not about an alert; only alert-fires and acknowledge take one");
        }
        alert.filter(a -> !alertNames.contains(a)).ifPresent(a -> problems.at(item.value("alert").get(),
                "alert rule \"" + a + "\" is not defined in the scenario"));
        double points = item.number("points", false, 0, 100_000).orElse(Expectation.DEFAULT_POINTS);
        double penalty = item.number("penalty", false, 0, 100_000).orElse(0.0);
        return limit.map(l -> new Expectation(injectId + "/" + kind.key(), injectId, kind, l, alert, points, penalty));
    }
}
