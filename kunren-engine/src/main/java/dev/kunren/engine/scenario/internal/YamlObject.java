package dev.kunren.engine.scenario.internal;

import dev.kunren.engine.clock.DurationText;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * A YAML mapping read key by key. Each reader method reports a problem at the offending node and
 * returns empty, so one pass finds every error in a file.
 */
public final class YamlObject {

    private final MappingNode node;
    private final String what;
    private final Problems problems;
    private final Map<String, NodeTuple> entries = new LinkedHashMap<>();

    private YamlObject(MappingNode node, String what, Problems problems) {
        this.node = node;
        this.what = what;
        this.problems = problems;
        for (NodeTuple tuple : node.getValue()) {
            if (!(tuple.getKeyNode() instanceof ScalarNode key)) {
                problems.at(tuple.getKeyNode(), "keys in " + what + " must be plain words");
            } else if (entries.containsKey(key.getValue())) {
                problems.at(key, "duplicate key \"" + key.getValue() + "\" in " + what);
            } else {
                entries.put(key.getValue(), tuple);
            }
        }
    }

    /** Reads {@code node} as a mapping, or reports that one was expected. */
    public static Optional<YamlObject> of(Node node, String what, Problems problems) {
        if (node instanceof MappingNode mapping) {
            return Optional.of(new YamlObject(mapping, what, problems));
        }
        problems.at(node, what + " must be a mapping of keys to values, but was " + describe(node));
        return Optional.empty();
    }

    public Node node() {
        return node;
    }

    public String what() {
        return what;
    }

    public Problems problems() {
        return problems;
    }

    public boolean has(String key) {
        return entries.containsKey(key);
    }

    /** Reports every key that is not in {@code allowed}, naming the allowed ones. */
    public void allowOnly(List<String> allowed) {
        for (NodeTuple tuple : entries.values()) {
            String key = ((ScalarNode) tuple.getKeyNode()).getValue();
            if (!allowed.contains(key)) {
                problems.at(tuple.getKeyNode(), "unknown key \"" + key + "\" in " + what
                        + "; expected one of " + String.join(", ", allowed));
            }
        }
    }

    public Optional<Node> value(String key) {
        return Optional.ofNullable(entries.get(key)).map(NodeTuple::getValueNode);
    }

    public Optional<Node> keyNode(String key) {
        return Optional.ofNullable(entries.get(key)).map(NodeTuple::getKeyNode);
    }

    public Optional<Node> required(String key) {
        Optional<Node> value = value(key);
        if (value.isEmpty()) {
            problems.at(node, "missing key \"" + key + "\" in " + what);
        }
        return value;
    }

    public Optional<String> string(String key, boolean required) {
        Optional<Node> value = required ? required(key) : value(key);
        return value.flatMap(v -> scalar(v, key, "a text"));
    }

    public Optional<Double> number(String key, boolean required, double min, double max) {
        Optional<Node> value = required ? required(key) : value(key);
        return value.flatMap(v -> number(v, key, min, max));
    }

    public Optional<Double> number(Node value, String key, double min, double max) {
        return scalar(value, key, "a number").flatMap(text -> {
            try {
                double number = Double.parseDouble(text.endsWith("%") ? text.substring(0, text.length() - 1) : text);
                if (!(number >= min && number <= max)) {
                    problems.at(value, key + " must be within " + plain(min) + ".." + plain(max) + ", but was " + text);
                    return Optional.empty();
                }
                return Optional.of(number);
            } catch (NumberFormatException e) {
                problems.at(value, key + " must be a number, but was \"" + text + "\"");
                return Optional.empty();
            }
        });
    }

    public Optional<Integer> integer(String key, boolean required, int min, int max) {
        Optional<Node> value = required ? required(key) : value(key);
        return value.flatMap(v -> scalar(v, key, "a whole number").flatMap(text -> {
            try {
                int number = Integer.parseInt(text);
                if (number < min || number > max) {
                    problems.at(v, key + " must be within " + min + ".." + max + ", but was " + text);
                    return Optional.empty();
                }
                return Optional.of(number);
            } catch (NumberFormatException e) {
                problems.at(v, key + " must be a whole number, but was \"" + text + "\"");
                return Optional.empty();
            }
        }));
    }

    public Optional<Duration> duration(String key, boolean required, Duration min, Duration max) {
        Optional<Node> value = required ? required(key) : value(key);
        return value.flatMap(v -> duration(v, key, min, max));
    }

    public Optional<Duration> duration(Node value, String key, Duration min, Duration max) {
        return scalar(value, key, "a duration").flatMap(text -> {
            Optional<Duration> parsed = DurationText.parse(text);
            if (parsed.isEmpty()) {
                problems.at(value, key + " must be a duration such as 250ms, 90s, 5m or 1h, but was \"" + text + "\"");
                return Optional.empty();
            }
            Duration duration = parsed.get();
            if (duration.compareTo(min) < 0 || duration.compareTo(max) > 0) {
                String expected = duration.isNegative() ? " must be >= " + DurationText.format(min)
                        : " must be within " + DurationText.format(min) + ".." + DurationText.format(max);
                problems.at(value, key + expected + ", but was " + text);
                return Optional.empty();
            }
            return parsed;
        });
    }

    /** The items of a list under {@code key}; empty when absent or not a list. */
    public List<Node> list(String key) {
        Optional<Node> value = value(key);
        if (value.isEmpty()) {
            return List.of();
        }
        if (value.get() instanceof SequenceNode sequence) {
            return new ArrayList<>(sequence.getValue());
        }
        problems.at(value.get(), key + " must be a list (lines starting with \"- \"), but was " + describe(value.get()));
        return List.of();
    }

    public Optional<YamlObject> object(String key) {
        return value(key).flatMap(v -> of(v, key + " of " + what, problems));
    }

    public Optional<String> scalar(Node value, String key, String expected) {
        if (value instanceof ScalarNode scalar) {
            String text = scalar.getValue().trim();
            if (text.isEmpty() || scalar.getTag().getValue().endsWith(":null")) {
                problems.at(value, key + " must be " + expected + ", but was empty");
                return Optional.empty();
            }
            return Optional.of(text);
        }
        problems.at(value, key + " must be " + expected + ", but was " + describe(value));
        return Optional.empty();
    }

    static String describe(Node node) {
        if (node instanceof MappingNode) {
            return "a mapping";
        }
        if (node instanceof SequenceNode) {
            return "a list";
        }
        String text = ((ScalarNode) node).getValue();
        return text.isEmpty() ? "empty" : "\"" + text + "\"";
    }

    private static String plain(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
    }
}
