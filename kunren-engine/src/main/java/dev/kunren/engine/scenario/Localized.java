package dev.kunren.engine.scenario;

import dev.kunren.engine.scenario.internal.Problems;
import dev.kunren.engine.scenario.internal.YamlObject;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * A scenario's own text — a title, a purpose, an alert's summary — written once, or once per
 * language ({@code title: {en: ..., ja: ...}}) so a team reads it in its own.
 *
 * @param text       the text to show when a language has none: English if given, else the other
 * @param byLanguage the text per language; empty when written once
 */
public record Localized(String text, Map<String, String> byLanguage) {

    public Localized {
        byLanguage = Map.copyOf(byLanguage);
    }

    /** Reads {@code key} as one text or as {@code {en: ..., ja: ...}}; a problem is reported at its place. */
    static Optional<Localized> read(YamlObject object, String key, boolean required, Problems problems) {
        Optional<Node> node = required ? object.required(key) : object.value(key);
        if (node.isEmpty()) {
            return Optional.empty();
        }
        if (node.get() instanceof ScalarNode) {
            return object.string(key, required).map(text -> new Localized(text, Map.of()));
        }
        return object.object(key).flatMap(texts -> {
            texts.allowOnly(MessageSpec.LANGUAGES);
            Map<String, String> byLanguage = new LinkedHashMap<>();
            for (String language : MessageSpec.LANGUAGES) {
                texts.string(language, false).ifPresent(text -> byLanguage.put(language, text));
            }
            if (byLanguage.isEmpty()) {
                problems.at(node.get(), key + " needs at least one language: " + String.join(", ", MessageSpec.LANGUAGES));
                return Optional.empty();
            }
            return Optional.of(new Localized(byLanguage.values().iterator().next(), byLanguage));
        });
    }
}
