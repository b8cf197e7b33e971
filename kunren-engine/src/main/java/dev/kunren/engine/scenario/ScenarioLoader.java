package dev.kunren.engine.scenario;

import dev.kunren.engine.alert.AlertRule;
import dev.kunren.engine.expectation.Expectation;
import dev.kunren.engine.fault.FaultSpec;
import dev.kunren.engine.scenario.internal.Problems;
import dev.kunren.engine.scenario.internal.YamlObject;
import dev.kunren.engine.scoring.LatencyTier;
import dev.kunren.engine.scoring.ScoringRules;
import dev.kunren.engine.timeline.RubricCriterion;
import dev.kunren.engine.timeline.RubricCriterion;
import dev.kunren.engine.timeline.TimelineEvent.PostmortemExpected;
import dev.kunren.engine.traffic.RequestKind;
import dev.kunren.engine.traffic.TrafficSpec;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * Reads a scenario file and checks everything in it, reporting each problem as
 * {@code file:line:col: message}. Nothing is half-loaded: a file with any error gives a
 * {@link ScenarioException} listing all of them.
 */
public final class ScenarioLoader {

    /** Scenario files are small; anything bigger is a mistake (or an attack) and is refused unread. */
    public static final long MAX_FILE_BYTES = 1024 * 1024;

    static final Duration MAX_DRILL = Duration.ofHours(24);
    /** A postmortem may be expected up to a month after the drill. */
    static final Duration MAX_POSTMORTEM_WAIT = Duration.ofDays(31);
    private static final List<String> TOP_KEYS = List.of("kunren", "name", "title", "purpose", "difficulty", "duration",
            "environment", "steadyState", "traffic", "alerts", "injects", "scoring", "notifications", "incident", "messages", "postmortem",
            "stopConditions", "oncall", "rubric");
    /** What a tabletop scenario (environment: none) cannot have: there is no system to measure or break. */
    private static final List<String> SYSTEM_KEYS = List.of("steadyState", "traffic", "alerts", "injects", "scoring", "stopConditions");
    private static final List<String> DIFFICULTIES = List.of("beginner", "intermediate", "advanced");

    private ScenarioLoader() {
    }

    public static Scenario load(Path file) {
        String label = file.toString();
        Problems problems = new Problems(label);
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            problems.atStart("cannot read the file: " + e.getClass().getSimpleName() + " " + e.getMessage());
            throw new ScenarioException(problems.sorted());
        }
        if (size > MAX_FILE_BYTES) {
            problems.atStart(String.format("the file is %.1f MB; scenario files may be at most 1 MB", size / 1e6));
            throw new ScenarioException(problems.sorted());
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file))).toString();
        } catch (CharacterCodingException e) {
            problems.atStart("the file is not UTF-8 text");
            throw new ScenarioException(problems.sorted());
        } catch (IOException e) {
            problems.atStart("cannot read the file: " + e.getMessage());
            throw new ScenarioException(problems.sorted());
        }
        return parse(label, text);
    }

    /** Reads scenario text; {@code label} names it in error messages. */
    public static Scenario parse(String label, String text) {
        Problems problems = new Problems(label);
        Optional<Node> root = compose(text, problems);
        if (root.isEmpty()) {
            throw new ScenarioException(problems.sorted());
        }
        Optional<Scenario> scenario = YamlObject.of(root.get(), "the scenario", problems)
                .flatMap(top -> read(top, problems));
        if (problems.any() || scenario.isEmpty()) {
            throw new ScenarioException(problems.sorted());
        }
        return scenario.get();
    }

    private static Optional<Node> compose(String text, Problems problems) {
        if (text.isBlank()) {
            problems.atStart("the file is empty; expected a scenario with name, title, duration and injects "
                    + "(see docs/scenario-format.md)");
            return Optional.empty();
        }
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit((int) MAX_FILE_BYTES);
        options.setMaxAliasesForCollections(20);
        options.setNestingDepthLimit(30);
        try {
            Node node = new Yaml(options).compose(new StringReader(text));
            if (node == null) {
                problems.atStart("the file has no content, only comments; expected a scenario");
                return Optional.empty();
            }
            return Optional.of(node);
        } catch (MarkedYAMLException e) {
            String context = e.getContext() == null || e.getContextMark() == null ? ""
                    : " (" + e.getContext() + " that starts at line " + (e.getContextMark().getLine() + 1)
                    + ", column " + (e.getContextMark().getColumn() + 1) + ")";
            problems.at(e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark(),
                    "YAML syntax error: " + e.getProblem() + context);
            return Optional.empty();
        } catch (YAMLException e) {
            problems.atStart("YAML error: " + e.getMessage());
            return Optional.empty();
        }
    }

    private static Optional<Scenario> read(YamlObject top, Problems problems) {
        top.allowOnly(TOP_KEYS);
        top.integer("kunren", false, Scenario.FORMAT_VERSION, Scenario.FORMAT_VERSION);
        Optional<String> name = top.string("name", true);
        name.filter(n -> !n.matches("[a-z0-9][a-z0-9-]{0,62}")).ifPresent(n -> problems.at(top.value("name").get(),
                "name must be lower-case letters, digits and dashes (at most 63), but was \"" + n + "\""));
        Optional<Localized> title = Localized.read(top, "title", true, problems);
        Localized purpose = Localized.read(top, "purpose", false, problems).orElse(new Localized("", Map.of()));
        String difficulty = top.string("difficulty", false).orElse("beginner");
        if (!DIFFICULTIES.contains(difficulty)) {
            problems.at(top.value("difficulty").get(), "difficulty \"" + difficulty + "\" is unknown; expected one of "
                    + String.join(", ", DIFFICULTIES));
        }
        Optional<Duration> duration = top.duration("duration", true, Duration.ofSeconds(10), MAX_DRILL);
        boolean tabletop = top.value("environment").filter(ScalarNode.class::isInstance)
                .map(n -> ((ScalarNode) n).getValue().trim()).filter("none"::equals).isPresent();
        Optional<YamlObject> externalNode = top.value("environment").filter(ScenarioLoader::namesExternal)
                .flatMap(n -> YamlObject.of(n, "environment", problems)).flatMap(e -> {
                    e.allowOnly(List.of("external"));
                    return e.object("external");
                });
        Optional<ExternalEnvironment> external = externalNode.flatMap(e -> new ExternalEnvironmentReader(problems).read(e));
        Environment environment = tabletop || external.isPresent() ? readEnvironment(null, problems) : readEnvironment(top, problems);
        if (tabletop) {
            SYSTEM_KEYS.stream().filter(top::has).forEach(key -> problems.at(top.keyNode(key).get(),
                    key + " has no meaning in a tabletop scenario (environment: none): there is no system to measure or break"));
        }
        if (external.isPresent() && top.has("traffic")) {
            problems.at(top.keyNode("traffic").get(), "traffic is the practice shop's customers; on the team's own systems the "
                    + "probes of environment.external are the customers");
        }
        if (external.isEmpty() && !tabletop && top.has("stopConditions")) {
            problems.at(top.keyNode("stopConditions").get(), "stopConditions guard the team's own systems "
                    + "(environment: external); the practice shop needs none");
        }
        SteadyState steadyState = readSteadyState(top);
        TrafficSpec traffic = external.isPresent() ? new TrafficSpec(0, Map.of(), Duration.ofSeconds(1)) : readTraffic(top, problems);
        AlertRulesReader alertsReader = new AlertRulesReader(problems, environment, external);
        List<AlertRule> alerts = alertsReader.read(top);
        List<AlertRule> stopConditions = alertsReader.readStopConditions(top);
        // the status page of a team's own systems lists its services (or probes), not the practice shop's parts
        List<String> defaultComponents = external.map(ScenarioLoader::componentsOf).filter(c -> !c.isEmpty())
                .orElse(IncidentSettings.DEFAULT_COMPONENTS);
        IncidentSettings incident = readIncident(top, problems, defaultComponents);
        ExpectationsReader expectationsReader = new ExpectationsReader(problems,
                alerts.stream().map(AlertRule::name).collect(java.util.stream.Collectors.toSet()));
        List<Expectation> expectations = new ArrayList<>();
        Set<String> injectIds = new HashSet<>();
        List<FaultSpec> injects = new InjectsReader(problems, environment, external, alerts, expectationsReader)
                .read(top, duration.orElse(MAX_DRILL), injectIds, expectations);
        List<MessageSpec> messages = new MessagesReader(problems, incident.roles(), expectationsReader)
                .read(top, duration.orElse(MAX_DRILL), injectIds, expectations);
        if (tabletop && messages.isEmpty() && !problems.any()) {
            problems.at(top.value("environment").get(), "a tabletop scenario (environment: none) runs on messages; add some under messages:");
        }
        ScoringRules scoring = readScoring(top, problems);
        Optional<PostmortemExpected> postmortem = readPostmortem(top);
        Optional<String> webhook = top.object("notifications").flatMap(n -> {
            n.allowOnly(List.of("webhook"));
            Optional<String> url = n.string("webhook", false);
            url.filter(u -> !u.matches("https?://\\S+")).ifPresent(u ->
                    problems.at(n.value("webhook").get(), "webhook must be an http:// or https:// URL, but was \"" + u + "\""));
            return url;
        });
        Optional<dev.kunren.engine.oncall.OnCall> oncall = new OnCallReader(problems).read(top, duration.orElse(MAX_DRILL));
        List<RubricCriterion> rubric = readRubric(top, problems);
        if (problems.any()) {
            return Optional.empty();
        }
        return Optional.of(new Scenario(name.get(), title.get().text(), purpose.text(), difficulty, duration.get(),
                tabletop || external.isPresent() ? Optional.empty() : Optional.of(environment), steadyState, traffic, alerts, injects,
                scoring, webhook, incident, messages, List.copyOf(expectations), postmortem, title.get().byLanguage(),
                purpose.byLanguage(), external, stopConditions, oncall, rubric));
    }

    /** Whether {@code environment} is a mapping with the key {@code external}: the team's own systems. */
    private static boolean namesExternal(Node environment) {
        return environment instanceof org.yaml.snakeyaml.nodes.MappingNode mapping && mapping.getValue().stream()
                .anyMatch(t -> t.getKeyNode() instanceof ScalarNode key && key.getValue().equals("external"));
    }

    /** {@code rubric: [{id: declared-early, criterion: {en: ..., ja: ...}}]}: what observers score, 0 to 3 each. */
    private static List<RubricCriterion> readRubric(YamlObject top, Problems problems) {
        List<RubricCriterion> rubric = new ArrayList<>();
        for (Node item : top.list("rubric")) {
            YamlObject.of(item, "a rubric criterion", problems).ifPresent(c -> {
                c.allowOnly(List.of("id", "criterion"));
                Optional<String> id = c.string("id", true);
                id.filter(i -> !i.matches("[a-z0-9][a-z0-9-]{0,63}")).ifPresent(i -> problems.at(c.value("id").get(),
                        "a criterion id is 1 to 64 lower-case letters, digits or '-', such as declared-early"));
                id.filter(i -> rubric.stream().anyMatch(r -> r.id().equals(i))).ifPresent(i -> problems.at(c.value("id").get(),
                        "criterion " + i + " is named twice"));
                Optional<Localized> text = Localized.read(c, "criterion", true, problems);
                if (id.isPresent() && text.isPresent()) {
                    rubric.add(new RubricCriterion(id.get(), text.get().text(), text.get().byLanguage()));
                }
            });
        }
        return List.copyOf(rubric);
    }

    /** {@code postmortem: {within: 48h, points: 100, penalty: 0}}: each team's postmortem is expected that soon after the end. */
    private static Optional<PostmortemExpected> readPostmortem(YamlObject top) {
        return top.object("postmortem").flatMap(p -> {
            p.allowOnly(List.of("within", "points", "penalty"));
            Optional<Duration> within = p.duration("within", true, Duration.ofMinutes(1), MAX_POSTMORTEM_WAIT);
            double points = p.number("points", false, 0, 100_000).orElse(Expectation.DEFAULT_POINTS);
            double penalty = p.number("penalty", false, 0, 100_000).orElse(0.0);
            return within.map(w -> new PostmortemExpected(w, points, penalty));
        });
    }

    /** The practice system's settings; with no {@code top}, the defaults (which the readers of a tabletop scenario check against). */
    private static Environment readEnvironment(YamlObject top, Problems problems) {
        Optional<YamlObject> env = top == null ? Optional.empty() : top.object("environment");
        env.ifPresent(e -> e.allowOnly(List.of("instances", "maxInstances", "capacity", "bootTime", "replicationLag",
                "healthCheck")));
        int instances = env.flatMap(e -> e.integer("instances", false, 1, 20)).orElse(2);
        int maxInstances = env.flatMap(e -> e.integer("maxInstances", false, 1, 20)).orElse(Math.min(20, Math.max(6, instances * 3)));
        if (maxInstances < instances) {
            problems.at(env.get().value("maxInstances").get(), "maxInstances must be at least instances (" + instances + ")");
            maxInstances = instances;
        }
        double capacity = env.flatMap(e -> e.number("capacity", false, 1, 100_000)).orElse(40.0);
        Duration bootTime = env.flatMap(e -> e.duration("bootTime", false, Duration.ZERO, Duration.ofMinutes(30)))
                .orElse(Duration.ofSeconds(40));
        Duration lag = env.flatMap(e -> e.duration("replicationLag", false, Duration.ZERO, Duration.ofMinutes(10)))
                .orElse(Duration.ofSeconds(1));
        Optional<YamlObject> health = env.flatMap(e -> e.object("healthCheck"));
        health.ifPresent(h -> h.allowOnly(List.of("interval", "unhealthyAfter", "healthyAfter")));
        Duration interval = health.flatMap(h -> h.duration("interval", false, Duration.ofSeconds(1), Duration.ofMinutes(5)))
                .orElse(Duration.ofSeconds(5));
        int unhealthyAfter = health.flatMap(h -> h.integer("unhealthyAfter", false, 1, 10)).orElse(2);
        int healthyAfter = health.flatMap(h -> h.integer("healthyAfter", false, 1, 10)).orElse(2);
        return new Environment(instances, maxInstances, capacity, interval, unhealthyAfter, healthyAfter, bootTime, lag);
    }

    /** The components a status page of the team's own systems has by default: its services, else its probes. */
    private static List<String> componentsOf(ExternalEnvironment own) {
        List<String> services = own.services().stream().map(ExternalEnvironment.Service::name).toList();
        return services.isEmpty() ? own.probes().stream().map(ExternalEnvironment.Probe::name).toList() : services;
    }

    private static IncidentSettings readIncident(YamlObject top, Problems problems, List<String> defaultComponents) {
        Optional<YamlObject> incident = top.object("incident");
        if (incident.isEmpty()) {
            return new IncidentSettings(IncidentSettings.DEFAULT_ROLES, defaultComponents, IncidentSettings.DEFAULTS.firstPublicUpdate(),
                    IncidentSettings.DEFAULTS.publicUpdateEvery());
        }
        YamlObject settings = incident.get();
        settings.allowOnly(List.of("roles", "components", "firstPublicUpdate", "publicUpdateEvery"));
        List<String> roles = names(settings, "roles", "a role", IncidentSettings.DEFAULT_ROLES);
        List<String> components = names(settings, "components", "a component", defaultComponents);
        Duration first = settings.duration("firstPublicUpdate", false, Duration.ofSeconds(10), MAX_DRILL)
                .orElse(IncidentSettings.DEFAULTS.firstPublicUpdate());
        Duration every = settings.duration("publicUpdateEvery", false, Duration.ofSeconds(10), MAX_DRILL)
                .orElse(IncidentSettings.DEFAULTS.publicUpdateEvery());
        return new IncidentSettings(roles, components, first, every);
    }

    /** A list of distinct lower-case names (roles, components), or the defaults when absent. */
    private static List<String> names(YamlObject settings, String key, String what, List<String> defaults) {
        if (!settings.has(key)) {
            return defaults;
        }
        List<String> names = new ArrayList<>();
        for (Node item : settings.list(key)) {
            settings.scalar(item, key, what).ifPresent(name -> {
                if (!name.matches("[a-z0-9][a-z0-9-]{0,39}")) {
                    settings.problems().at(item, what + " is lower-case letters, digits and dashes (at most 40), but was \"" + name + "\"");
                } else if (names.contains(name)) {
                    settings.problems().at(item, what + " \"" + name + "\" is listed twice");
                } else {
                    names.add(name);
                }
            });
        }
        if (names.isEmpty() && !settings.problems().any()) {
            settings.problems().at(settings.value(key).get(), key + " needs at least one entry");
        }
        return names;
    }

    private static SteadyState readSteadyState(YamlObject top) {
        Optional<YamlObject> steady = top.object("steadyState");
        steady.ifPresent(s -> s.allowOnly(List.of("availability", "latencyP99", "window")));
        double availability = steady.flatMap(s -> s.number("availability", false, 50, 100)).orElse(99.0);
        Duration p99 = steady.flatMap(s -> s.duration("latencyP99", false, Duration.ofMillis(1), Duration.ofMinutes(1)))
                .orElse(Duration.ofMillis(500));
        Duration window = steady.flatMap(s -> s.duration("window", false, Duration.ofSeconds(1), Duration.ofMinutes(10)))
                .orElse(Duration.ofSeconds(10));
        return new SteadyState(availability / 100, p99, window);
    }

    private static TrafficSpec readTraffic(YamlObject top, Problems problems) {
        Optional<YamlObject> traffic = top.object("traffic");
        traffic.ifPresent(t -> t.allowOnly(List.of("rate", "mix", "timeout")));
        double rate = traffic.flatMap(t -> t.number("rate", false, 0, 10_000)).orElse(20.0);
        Duration timeout = traffic.flatMap(t -> t.duration("timeout", false, Duration.ofMillis(100), Duration.ofSeconds(30)))
                .orElse(Duration.ofSeconds(2));
        Map<RequestKind, Integer> mix = new EnumMap<>(RequestKind.class);
        Optional<YamlObject> mixNode = traffic.flatMap(t -> t.object("mix"));
        if (mixNode.isPresent()) {
            mixNode.get().allowOnly(RequestKind.keys());
            for (RequestKind kind : RequestKind.values()) {
                mixNode.get().integer(kind.key(), false, 0, 1000).ifPresent(w -> mix.put(kind, w));
            }
            if (!problems.any() && mix.values().stream().mapToInt(Integer::intValue).sum() == 0) {
                problems.at(mixNode.get().node(), "mix must give at least one kind of request a weight above 0");
            }
        } else {
            mix.putAll(Map.of(RequestKind.BROWSE, 60, RequestKind.PRODUCT, 25, RequestKind.CART, 10, RequestKind.CHECKOUT, 5));
        }
        return new TrafficSpec(rate, mix, timeout);
    }

    private static ScoringRules readScoring(YamlObject top, Problems problems) {
        Optional<YamlObject> scoring = top.object("scoring");
        scoring.ifPresent(s -> s.allowOnly(List.of("tiers", "failure")));
        double failure = scoring.flatMap(s -> s.number("failure", false, -1000, 0)).orElse(-10.0);
        List<LatencyTier> tiers = new ArrayList<>();
        if (scoring.isEmpty() || !scoring.get().has("tiers")) {
            tiers.add(new LatencyTier(Duration.ofMillis(100), 5));
            tiers.add(new LatencyTier(Duration.ofMillis(500), 2));
            tiers.add(new LatencyTier(Duration.ofSeconds(2), 1));
            return new ScoringRules(tiers, failure);
        }
        Duration previous = Duration.ZERO;
        for (Node item : scoring.get().list("tiers")) {
            Optional<YamlObject> tier = YamlObject.of(item, "a scoring tier", problems);
            if (tier.isEmpty()) {
                continue;
            }
            tier.get().allowOnly(List.of("under", "points"));
            Optional<Duration> under = tier.get().duration("under", true, Duration.ofMillis(1), Duration.ofMinutes(1));
            Optional<Double> points = tier.get().number("points", true, -1000, 1000);
            if (under.isPresent() && under.get().compareTo(previous) <= 0) {
                problems.at(tier.get().value("under").get(), "tiers must be in increasing order of \"under\"");
            }
            if (under.isPresent() && points.isPresent()) {
                tiers.add(new LatencyTier(under.get(), points.get()));
                previous = under.get();
            }
        }
        return new ScoringRules(tiers, failure);
    }
}
