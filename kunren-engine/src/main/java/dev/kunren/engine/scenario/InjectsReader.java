package dev.kunren.engine.scenario;

import dev.kunren.engine.alert.AlertRule;
import dev.kunren.engine.expectation.Expectation;
import dev.kunren.engine.fault.FaultSpec;
import dev.kunren.engine.fault.FaultType;
import dev.kunren.engine.fault.ParamSpec;
import dev.kunren.engine.scenario.internal.Problems;
import dev.kunren.engine.scenario.internal.YamlObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import dev.kunren.engine.fault.AutoRecovery;
import dev.kunren.shop.network.NetworkRules;
import org.yaml.snakeyaml.nodes.Node;

/** Reads the {@code injects:} list of a scenario: faults on a timeline. */
final class InjectsReader {

    private static final List<String> KEYS = List.of("id", "at", "between", "fault", "target", "params", "duration",
            "detectedBy", "recur", "teams", "expect");
    private static final List<String> ROUTES = List.of(NetworkRules.LB_TO_WEB, NetworkRules.WEB_TO_DB,
            NetworkRules.WEB_TO_CACHE, NetworkRules.WEB_TO_PAYMENT);

    private final Problems problems;
    private final Environment environment;
    private final Optional<ExternalEnvironment> external;
    private final Set<String> alertNames = new HashSet<>();

    private final ExpectationsReader expectations;

    InjectsReader(Problems problems, Environment environment, Optional<ExternalEnvironment> external, List<AlertRule> alerts,
                  ExpectationsReader expectations) {
        this.problems = problems;
        this.expectations = expectations;
        this.environment = environment;
        this.external = external;
        alerts.forEach(a -> alertNames.add(a.name()));
    }

    /** Reads the fault injects, adding their ids to {@code ids} and their expectations to {@code expected}. */
    List<FaultSpec> read(YamlObject top, Duration drillDuration, Set<String> ids, List<Expectation> expected) {
        List<FaultSpec> injects = new ArrayList<>();
        int index = 0;
        for (Node item : top.list("injects")) {
            index++;
            int number = index;
            Optional<YamlObject> inject = YamlObject.of(item, "an inject", problems);
            inject.flatMap(i -> readInject(i, number, drillDuration)).ifPresent(spec -> {
                if (!ids.add(spec.id())) {
                    problems.at(item, "inject id \"" + spec.id() + "\" is used twice");
                }
                injects.add(spec);
                expected.addAll(expectations.read(inject.get(), spec.id(), false));
            });
        }
        injects.sort(java.util.Comparator.comparing(FaultSpec::at));
        return injects;
    }

    private Optional<FaultSpec> readInject(YamlObject inject, int number, Duration drillDuration) {
        inject.allowOnly(KEYS);
        Optional<Duration> at = Optional.empty();
        Optional<Duration> latestAt = Optional.empty();
        if (inject.has("between")) {
            if (inject.has("at")) {
                problems.at(inject.keyNode("between").get(), "an inject has either at or between, not both");
            }
            List<Node> window = inject.list("between");
            if (window.size() != 2) {
                problems.at(inject.value("between").get(), "between must be a list of two drill times, e.g. [1m, 4m]");
            } else {
                at = inject.duration(window.get(0), "between", Duration.ZERO, ScenarioLoader.MAX_DRILL);
                latestAt = inject.duration(window.get(1), "between", Duration.ZERO, ScenarioLoader.MAX_DRILL);
                if (at.isPresent() && latestAt.isPresent() && latestAt.get().compareTo(at.get()) < 0) {
                    problems.at(window.get(1), "the window's end must not be before its start");
                }
            }
        } else {
            at = inject.duration("at", true, Duration.ZERO, ScenarioLoader.MAX_DRILL);
        }
        Optional<Duration> last = latestAt.isPresent() ? latestAt : at;
        last.filter(a -> a.compareTo(drillDuration) >= 0).ifPresent(a -> problems.at(
                inject.value(inject.has("between") ? "between" : "at").get(),
                "the inject must come before the end of the drill (" + dev.kunren.engine.clock.DurationText.format(drillDuration) + ")"));
        boolean own = external.isPresent();
        Optional<FaultType> type = inject.string("fault", true).flatMap(key -> {
            Optional<FaultType> found = FaultType.byKey(key);
            if (found.isEmpty()) {
                problems.at(inject.value("fault").get(), "fault type \"" + key + "\" is unknown; expected one of "
                        + String.join(", ", FaultType.keysFor(own)));
            } else if (!found.get().worksIn(own)) {
                problems.at(inject.value("fault").get(), "fault " + key + (own
                        ? " acts on the practice shop; on the team's own systems the faults are "
                        : " acts on a team's own systems (environment: external); on the practice shop the faults are ")
                        + String.join(", ", FaultType.keysFor(own)));
                return Optional.empty();
            }
            return found;
        });
        Optional<String> target = readTarget(inject, type);
        Map<String, Double> params = type.map(t -> readParams(inject, t)).orElse(Map.of());
        Map<String, String> names = type.map(t -> readNames(inject, t)).orElse(Map.of());
        Optional<Duration> duration = inject.duration("duration", false, Duration.ofSeconds(1), ScenarioLoader.MAX_DRILL);
        List<String> detectedBy = new ArrayList<>();
        for (Node name : inject.list("detectedBy")) {
            inject.scalar(name, "detectedBy", "an alert rule name").ifPresent(n -> {
                // on its own systems a team's own alerts (from its Alertmanager, Grafana, Mackerel) detect too
                if (!alertNames.contains(n) && !own) {
                    problems.at(name, "detectedBy names alert rule \"" + n + "\", which the scenario does not define");
                }
                detectedBy.add(n);
            });
        }
        Optional<FaultSpec.Recurrence> recur = readRecurrence(inject);
        List<String> teams = new ArrayList<>();
        for (Node team : inject.list("teams")) {
            inject.scalar(team, "teams", "a team name").ifPresent(teams::add);
        }
        Optional<String> id = inject.string("id", false);
        id.filter(i -> !i.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")).ifPresent(i -> problems.at(inject.value("id").get(),
                "an inject id is 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit"));
        if (at.isEmpty() || type.isEmpty()) {
            return Optional.empty();
        }
        if (own && recur.isPresent()) {
            problems.at(inject.keyNode("recur").get(), "recur ends when the practice shop's automation is on; "
                    + "it has no meaning on the team's own systems");
        }
        return Optional.of(new FaultSpec(id.orElse(type.get().key() + "-" + number), at.get(), latestAt, type.get(), target,
                params, names, duration, List.copyOf(detectedBy), recur, List.copyOf(teams)));
    }

    private Optional<FaultSpec.Recurrence> readRecurrence(YamlObject inject) {
        Optional<YamlObject> recur = inject.object("recur");
        if (recur.isEmpty()) {
            return Optional.empty();
        }
        recur.get().allowOnly(List.of("every", "until"));
        Optional<Duration> every = recur.get().duration("every", true, Duration.ofSeconds(10), ScenarioLoader.MAX_DRILL);
        Optional<AutoRecovery> until = recur.get().string("until", true).flatMap(key -> {
            Optional<AutoRecovery> found = AutoRecovery.byKey(key);
            if (found.isEmpty()) {
                problems.at(recur.get().value("until").get(), "recur.until \"" + key + "\" is unknown; expected one of "
                        + String.join(", ", AutoRecovery.keys()));
            }
            return found;
        });
        if (every.isEmpty() || until.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new FaultSpec.Recurrence(every.get(), until.get()));
    }

    private Optional<String> readTarget(YamlObject inject, Optional<FaultType> type) {
        Optional<String> target = inject.string("target", false);
        if (type.isEmpty()) {
            return target;
        }
        FaultType.Target kind = type.get().targetIn(external.isPresent());
        if (kind == FaultType.Target.SERVICE || kind == FaultType.Target.AGENT) {
            return readOwnTarget(inject, type.get(), kind, target);
        }
        if (kind == FaultType.Target.NONE) {
            target.ifPresent(t -> problems.at(inject.value("target").get(),
                    "fault " + type.get().key() + " takes no target"));
            return Optional.empty();
        }
        String expected = kind == FaultType.Target.INSTANCE
                ? "an instance, one of web-1..web-" + environment.instances() + " or random"
                : "a route, one of " + String.join(", ", ROUTES);
        if (target.isEmpty()) {
            if (!inject.has("target")) {
                problems.at(inject.node(), "missing key \"target\" in an inject; fault " + type.get().key() + " needs " + expected);
            }
            return Optional.empty();
        }
        boolean known = kind == FaultType.Target.INSTANCE
                ? target.get().equals(FaultSpec.RANDOM_TARGET) || (target.get().matches("web-([1-9][0-9]?)")
                        && Integer.parseInt(target.get().substring(4)) <= environment.instances())
                : ROUTES.contains(target.get());
        if (!known) {
            problems.at(inject.value("target").get(), "target \"" + target.get() + "\" is not " + expected);
        }
        return target;
    }

    /** A service of the environment (its proxy), or one of its agents. */
    private Optional<String> readOwnTarget(YamlObject inject, FaultType type, FaultType.Target kind, Optional<String> target) {
        ExternalEnvironment own = external.orElseThrow();
        List<String> known = kind == FaultType.Target.SERVICE
                ? own.services().stream().map(ExternalEnvironment.Service::name).toList() : own.agents();
        String expected = (kind == FaultType.Target.SERVICE ? "a service of environment.external.services" : "an agent of "
                + "environment.external.agents") + (known.isEmpty() ? " (there are none)" : ", one of " + String.join(", ", known));
        if (target.isEmpty()) {
            if (!inject.has("target")) {
                problems.at(inject.node(), "missing key \"target\" in an inject; fault " + type.key() + " needs " + expected);
            }
            return Optional.empty();
        }
        if (!known.contains(target.get())) {
            problems.at(inject.value("target").get(), "target \"" + target.get() + "\" is not " + expected);
        } else if (type == FaultType.HTTP_ERRORS && !own.service(target.get()).orElseThrow().http()) {
            problems.at(inject.value("target").get(), "fault http-errors needs an HTTP service; " + target.get()
                    + " has protocol tcp (set protocol: http)");
        }
        return target;
    }

    /** The name parameters: which process, service or disk of the agent's allow-list. */
    private Map<String, String> readNames(YamlObject inject, FaultType type) {
        Map<String, String> values = new LinkedHashMap<>();
        Optional<YamlObject> params = inject.object("params");
        for (ParamSpec spec : type.params()) {
            if (spec.kind() != ParamSpec.Kind.NAME) {
                continue;
            }
            Optional<Node> node = params.flatMap(p -> p.value(spec.name()));
            if (node.isEmpty()) {
                continue;  // reported as missing with the other params
            }
            params.get().scalar(node.get(), spec.name(), "a name from the agent's allow-list").ifPresent(name -> {
                if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,62}")) {
                    problems.at(node.get(), spec.name() + " is a name from the agent's allow-list (letters, digits, '.', '_', '-'), "
                            + "but was \"" + name + "\"");
                } else {
                    values.put(spec.name(), name);
                }
            });
        }
        return values;
    }

    private static boolean isPlainNumber(Node node) {
        return node instanceof org.yaml.snakeyaml.nodes.ScalarNode scalar && scalar.getValue().matches("[0-9]+(\\.[0-9]+)?");
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
                case NAME -> Optional.empty();  // read by readNames
                case NUMBER -> params.get().number(node.get(), spec.name(), spec.min(), spec.max());
                // a bare number is milliseconds, as Toxiproxy's latency is
                case DURATION -> isPlainNumber(node.get())
                        ? params.get().number(node.get(), spec.name(), spec.min(), spec.max())
                        : params.get().duration(node.get(), spec.name(),
                        Duration.ofMillis((long) spec.min()), Duration.ofMillis((long) spec.max()))
                        .map(d -> d.toNanos() / 1e6);
            };
            value.ifPresent(v -> values.put(spec.name(), v));
        }
        return values;
    }
}
