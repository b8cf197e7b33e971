package dev.kunren.engine.scenario;

import dev.kunren.engine.oncall.OnCall;
import dev.kunren.engine.scenario.internal.Problems;
import dev.kunren.engine.scenario.internal.YamlObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads a scenario's {@code oncall:}: the people paged when an alert fires, their rotation and
 * overrides, the escalation policy and who is unavailable in this drill.
 *
 * <pre>
 * oncall:
 *   people:
 *     - { name: alice, email: alice@example.com, webhook: https://events.example.com/v2/enqueue }
 *     - { name: bob, email: bob@example.com }
 *   rotation: 1h
 *   overrides: [ { person: bob, from: 10m, to: 20m } ]
 *   escalation: [ { after: 5m, to: next }, { after: 5m, to: facilitator } ]
 *   unavailable: [ { person: alice, reason: on holiday } ]
 * </pre>
 */
final class OnCallReader {

    private static final String NAME = "[\\p{L}\\p{N}][\\p{L}\\p{N} ._@-]{0,39}";

    private final Problems problems;

    OnCallReader(Problems problems) {
        this.problems = problems;
    }

    Optional<OnCall> read(YamlObject top, Duration drillDuration) {
        return top.object("oncall").flatMap(o -> {
            o.allowOnly(List.of("people", "rotation", "overrides", "escalation", "unavailable"));
            List<OnCall.Person> people = people(o);
            List<String> names = people.stream().map(OnCall.Person::name).toList();
            Duration rotation = o.duration("rotation", false, Duration.ofSeconds(1), ScenarioLoader.MAX_DRILL).orElse(Duration.ZERO);
            List<OnCall.Cover> overrides = new ArrayList<>();
            for (Node item : o.list("overrides")) {
                YamlObject.of(item, "an override", problems).ifPresent(c -> {
                    c.allowOnly(List.of("person", "from", "to"));
                    Optional<String> person = known(c, "person", names);
                    Optional<Duration> from = c.duration("from", true, Duration.ZERO, ScenarioLoader.MAX_DRILL);
                    Optional<Duration> to = c.duration("to", true, Duration.ZERO, ScenarioLoader.MAX_DRILL);
                    if (from.isPresent() && to.isPresent() && to.get().compareTo(from.get()) <= 0) {
                        problems.at(c.value("to").get(), "an override ends (to) after it begins (from)");
                    } else if (person.isPresent() && from.isPresent() && to.isPresent()) {
                        overrides.add(new OnCall.Cover(person.get(), from.get(), to.get()));
                    }
                });
            }
            List<OnCall.Step> escalation = new ArrayList<>();
            for (Node item : o.list("escalation")) {
                YamlObject.of(item, "an escalation step", problems).ifPresent(step -> {
                    step.allowOnly(List.of("after", "to"));
                    Optional<Duration> after = step.duration("after", true, Duration.ofSeconds(1), drillDuration);
                    Optional<String> to = step.string("to", true);
                    to.filter(t -> !t.equals(OnCall.NEXT) && !t.equals(OnCall.FACILITATOR) && !names.contains(t)).ifPresent(t ->
                            problems.at(step.value("to").get(), "escalate to next, facilitator or one of the people (" + String.join(", ", names)
                                    + "), not \"" + t + "\""));
                    if (after.isPresent() && to.isPresent()) {
                        escalation.add(new OnCall.Step(after.get(), to.get()));
                    }
                });
            }
            Map<String, String> unavailable = new LinkedHashMap<>();
            for (Node item : o.list("unavailable")) {
                YamlObject.of(item, "an unavailable person", problems).ifPresent(u -> {
                    u.allowOnly(List.of("person", "reason"));
                    known(u, "person", names).ifPresent(p -> unavailable.put(p, u.string("reason", false).orElse("unavailable")));
                });
            }
            if (people.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new OnCall(people, rotation, overrides, escalation, unavailable));
        });
    }

    private List<OnCall.Person> people(YamlObject oncall) {
        List<OnCall.Person> people = new ArrayList<>();
        List<Node> items = oncall.list("people");
        if (items.isEmpty()) {
            problems.at(oncall.node(), "oncall needs people: a list of { name, email, webhook } to page");
        }
        for (Node item : items) {
            YamlObject.of(item, "a person", problems).ifPresent(p -> {
                p.allowOnly(List.of("name", "email", "webhook"));
                Optional<String> name = p.string("name", true);
                name.filter(n -> !n.matches(NAME)).ifPresent(n -> problems.at(p.value("name").get(),
                        "a name is 1 to 40 letters, digits, spaces or ._@-, as people join a team"));
                name.filter(n -> n.equals(OnCall.NEXT) || n.equals(OnCall.FACILITATOR)).ifPresent(n -> problems.at(p.value("name").get(),
                        "\"" + n + "\" names an escalation level; call the person something else"));
                name.filter(n -> people.stream().anyMatch(q -> q.name().equals(n))).ifPresent(n -> problems.at(p.value("name").get(),
                        n + " is named twice"));
                Optional<String> email = p.string("email", false);
                email.filter(e -> !e.matches("[^@\\s<>]{1,64}@[^@\\s<>]{1,190}")).ifPresent(e -> problems.at(p.value("email").get(),
                        "an e-mail address such as alice@example.com, not \"" + e + "\""));
                Optional<String> webhook = p.string("webhook", false);
                webhook.filter(u -> !u.matches("https?://\\S{1,2000}")).ifPresent(u -> problems.at(p.value("webhook").get(),
                        "webhook must be an http:// or https:// URL, but was \"" + u + "\""));
                name.ifPresent(n -> people.add(new OnCall.Person(n, email.orElse(""), webhook.orElse(""))));
            });
        }
        return people;
    }

    private Optional<String> known(YamlObject object, String key, List<String> names) {
        Optional<String> person = object.string(key, true);
        person.filter(p -> !names.contains(p)).ifPresent(p -> problems.at(object.value(key).get(),
                p + " is not one of the people on call (" + String.join(", ", names) + ")"));
        return person.filter(names::contains);
    }
}
