package dev.kunren.engine.scenario;

import dev.kunren.engine.clock.DurationText;
import dev.kunren.engine.expectation.Expectation;
import dev.kunren.engine.scenario.internal.Problems;
import dev.kunren.engine.scenario.internal.YamlObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.nodes.Node;

/** Reads the {@code messages:} list of a scenario: message injects for the tabletop part of a drill. */
final class MessagesReader {

    private static final List<String> KEYS = List.of("id", "at", "from", "channel", "to", "text", "expect");
    static final int MAX_TEXT = 4_000;

    private final Problems problems;
    private final List<String> roles;
    private final ExpectationsReader expectations;

    MessagesReader(Problems problems, List<String> roles, ExpectationsReader expectations) {
        this.problems = problems;
        this.roles = roles;
        this.expectations = expectations;
    }

    /** Reads the messages, adding their expectations to {@code expected}; {@code ids} holds every inject id so far. */
    List<MessageSpec> read(YamlObject top, Duration drillDuration, Set<String> ids, List<Expectation> expected) {
        List<MessageSpec> messages = new ArrayList<>();
        int number = 0;
        for (Node item : top.list("messages")) {
            number++;
            Optional<YamlObject> message = YamlObject.of(item, "a message", problems);
            if (message.isEmpty()) {
                continue;
            }
            String fallbackId = "message-" + number;
            readOne(message.get(), fallbackId, drillDuration).ifPresent(spec -> {
                if (!ids.add(spec.id())) {
                    problems.at(item, "inject id \"" + spec.id() + "\" is used twice");
                }
                messages.add(spec);
                expected.addAll(expectations.read(message.get(), spec.id(), true));
            });
        }
        messages.sort(java.util.Comparator.comparing(MessageSpec::at));
        return messages;
    }

    private Optional<MessageSpec> readOne(YamlObject message, String fallbackId, Duration drillDuration) {
        message.allowOnly(KEYS);
        Optional<String> id = message.string("id", false);
        id.filter(i -> !i.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")).ifPresent(i -> problems.at(message.value("id").get(),
                "a message id is 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit"));
        Optional<Duration> at = message.duration("at", true, Duration.ZERO, ScenarioLoader.MAX_DRILL);
        at.filter(a -> a.compareTo(drillDuration) >= 0).ifPresent(a -> problems.at(message.value("at").get(),
                "the message must come before the end of the drill (" + DurationText.format(drillDuration) + ")"));
        Optional<String> from = message.string("from", true);
        String channel = message.string("channel", false).orElse("phone");
        if (!MessageSpec.CHANNELS.contains(channel)) {
            problems.at(message.value("channel").get(), "channel \"" + channel + "\" is unknown; expected one of "
                    + String.join(", ", MessageSpec.CHANNELS));
        }
        Optional<String> to = message.string("to", true);
        to.filter(r -> !roles.contains(r)).ifPresent(r -> problems.at(message.value("to").get(),
                "role \"" + r + "\" is not one of the scenario's roles: " + String.join(", ", roles)));
        Map<String, String> text = readText(message);
        if (at.isEmpty() || from.isEmpty() || to.isEmpty() || text.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new MessageSpec(id.orElse(fallbackId), at.get(), from.get(), channel, to.get(), text));
    }

    /** The text as one string (any language, kept under "") or by language: {@code text: {en: ..., ja: ...}}. */
    private Map<String, String> readText(YamlObject message) {
        Optional<Localized> read = Localized.read(message, "text", true, problems);
        Map<String, String> text = read.map(l -> l.byLanguage().isEmpty() ? Map.of("", l.text()) : l.byLanguage()).orElse(Map.of());
        text.forEach((language, t) -> {
            if (t.length() > MAX_TEXT) {
                problems.at(message.value("text").orElseThrow(), "a message's text may be at most " + MAX_TEXT + " characters");
            }
        });
        return text;
    }
}
