package dev.kunren.engine.scenario;

import dev.kunren.engine.alert.AlertRule;
import dev.kunren.engine.fault.FaultSpec;
import dev.kunren.engine.fault.FaultType;
import dev.kunren.engine.fault.ParamSpec;
import dev.kunren.engine.scenario.internal.Problems;
import dev.kunren.engine.scenario.internal.YamlObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.nodes.Node;

/** Reads the {@code injects:} list of a scenario: faults on a timeline. */
final class InjectsReader {

    private static final List<String> KEYS = List.of("id", "at", "fault", "target", "params", "duration", "detectedBy");

    private final Problems problems;
    private final Environment environment;
    private final Set<String> alertNames = new HashSet<>();

    InjectsReader(Problems problems, Environment environment, List<AlertRule> alerts) {
        this.problems = problems;
        this.environment = environment;
        alerts.forEach(a -> alertNames.add(a.name()));
    }

    List<FaultSpec> read(YamlObject top, Duration drillDuration) {
        List<FaultSpec> injects = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        int index = 0;
        for (Node item : top.list("injects")) {
            index++;
            int number = index;
            YamlObject.of(item, "an inject", problems).flatMap(inject -> readInject(inject, number, drillDuration)).ifPresent(spec -> {
                if (!ids.add(spec.id())) {
                    problems.at(item, "inject id \"" + spec.id() + "\" is used twice");
                }
                injects.add(spec);
            });
        }
        injects.sort(java.util.Comparator.comparing(FaultSpec::at));
        return injects;
    }

    private Optional<FaultSpec> readInject(YamlObject inject, int number, Duration drillDuration) {
        inject.allowOnly(KEYS);
        Optional<Duration> at = inject.duration("at", true, Duration.ZERO, ScenarioLoader.MAX_DRILL);
        at.filter(a -> a.compareTo(drillDuration) >= 0).ifPresent(a -> problems.at(inject.value("at").get(),
                "at must be before the end of the drill (" + dev.kunren.engine.clock.DurationText.format(drillDuration) + ")"));
        Optional<FaultType> type = inject.string("fault", true).flatMap(key -> {
            Optional<FaultType> found = FaultType.byKey(key);
            if (found.isEmpty()) {
                problems.at(inject.value("fault").get(), "fault type \"" + key + "\" is unknown; expected one of "
                        + String.join(", ", FaultType.keys()));
            }
            return found;
        });
        Optional<String> target = readTarget(inject, type);
        Map<String, Double> params = type.map(t -> readParams(inject, t)).orElse(Map.of());
        Optional<Duration> duration = inject.duration("duration", true, Duration.ofSeconds(1), ScenarioLoader.MAX_DRILL);
        List<String> detectedBy = new ArrayList<>();
        for (Node name : inject.list("detectedBy")) {
            inject.scalar(name, "detectedBy", "an alert rule name").ifPresent(n -> {
                if (!alertNames.contains(n)) {
                    problems.at(name, "detectedBy names alert rule \"" + n + "\", which the scenario does not define");
                }
                detectedBy.add(n);
            });
        }
        if (at.isEmpty() || type.isEmpty() || duration.isEmpty()) {
            return Optional.empty();
        }
        String id = inject.string("id", false).orElse(type.get().key() + "-" + number);
        return Optional.of(new FaultSpec(id, at.get(), type.get(), target, params, duration.get(), List.copyOf(detectedBy)));
    }

    private Optional<String> readTarget(YamlObject inject, Optional<FaultType> type) {
        Optional<String> target = inject.string("target", false);
        if (type.isEmpty()) {
            return target;
        }
        if (!type.get().needsInstance()) {
            target.ifPresent(t -> problems.at(inject.value("target").get(),
                    "fault " + type.get().key() + " takes no target"));
            return Optional.empty();
        }
        if (target.isEmpty()) {
            if (!inject.has("target")) {
                problems.at(inject.node(), "missing key \"target\" in an inject; fault " + type.get().key()
                        + " needs an instance, one of web-1..web-" + environment.instances());
            }
            return Optional.empty();
        }
        if (!target.get().matches("web-([1-9][0-9]?)")
                || Integer.parseInt(target.get().substring(4)) > environment.instances()) {
            problems.at(inject.value("target").get(), "target \"" + target.get() + "\" is not an instance of this shop; expected one of web-1..web-"
                    + environment.instances());
        }
        return target;
    }

    private Map<String, Double> readParams(YamlObject inject, FaultType type) {
        Map<String, Double> values = new LinkedHashMap<>();
        Optional<YamlObject> params = inject.object("params");
        List<String> names = type.params().stream().map(ParamSpec::name).toList();
        if (params.isPresent() && names.isEmpty()) {
            problems.at(inject.keyNode("params").get(), "fault " + type.key() + " takes no params");
            return values;
        }
        params.ifPresent(p -> p.allowOnly(names));
        for (ParamSpec spec : type.params()) {
            Optional<Node> node = params.flatMap(p -> p.value(spec.name()));
            if (node.isEmpty()) {
                if (spec.required()) {
                    problems.at(params.map(YamlObject::node).orElse(inject.node()), "fault " + type.key()
                            + " needs params." + spec.name());
                } else {
                    values.put(spec.name(), spec.defaultValue().get());
                }
                continue;
            }
            Optional<Double> value = switch (spec.kind()) {
                case NUMBER -> params.get().number(node.get(), spec.name(), spec.min(), spec.max());
                case DURATION -> params.get().duration(node.get(), spec.name(),
                        Duration.ofMillis((long) spec.min()), Duration.ofMillis((long) spec.max()))
                        .map(d -> d.toNanos() / 1e6);
            };
            value.ifPresent(v -> values.put(spec.name(), v));
        }
        return values;
    }
}
