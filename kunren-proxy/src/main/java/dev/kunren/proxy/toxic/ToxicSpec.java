package dev.kunren.proxy.toxic;

import dev.kunren.proxy.Connection;
import dev.kunren.proxy.Toxic;
import dev.kunren.proxy.ToxicLink;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * A toxic as Toxiproxy's API describes it: a name, a type, a stream, a toxicity (the probability
 * that a connection gets it; 0 means never) and numeric attributes. {@link #of} checks it all and
 * names the bad value.
 */
public record ToxicSpec(String name, ToxicType type, Toxic.Stream stream, double toxicity, Map<String, Long> attributes,
                        Map<String, String> texts, long ttlMillis) {

    public ToxicSpec {
        attributes = Map.copyOf(attributes);
        texts = Map.copyOf(texts);
        if (ttlMillis < 0 || ttlMillis > Limits.HOUR_MS * 24) {
            throw new InvalidToxicException("ttl must be within 0..86400000 ms (0: no time limit), but was " + ttlMillis);
        }
    }

    /** The same toxic, removing itself {@code ttl} ms after it is added (Kunren's extension; 0: never). */
    public ToxicSpec withTtl(long ttl) {
        return new ToxicSpec(name, type, stream, toxicity, attributes, texts, ttl);
    }

    /**
     * Checks a toxic described by strings and numbers, fills in defaults, and returns it.
     *
     * @throws InvalidToxicException naming what is wrong and what was expected
     */
    public static ToxicSpec of(String name, String type, String stream, Double toxicity, Map<String, ?> attributes) {
        if (type == null || type.isBlank()) {
            throw new InvalidToxicException("missing required field: type; expected one of " + String.join(", ", ToxicType.keys()));
        }
        ToxicType toxicType = ToxicType.byKey(type).orElseThrow(() -> new InvalidToxicException(
                "unknown toxic type \"" + type + "\"; expected one of " + String.join(", ", ToxicType.keys())));
        Toxic.Stream direction = parseStream(stream, toxicType.http() ? Toxic.Stream.UPSTREAM : Toxic.Stream.DOWNSTREAM);
        if (toxicType.http() && direction != Toxic.Stream.UPSTREAM) {
            throw new InvalidToxicException(type + " reads requests, so its stream must be upstream");
        }
        double probability = toxicity == null ? 1.0 : toxicity;
        if (!(probability >= 0 && probability <= 1)) {
            throw new InvalidToxicException("toxicity must be within 0..1, but was " + toxicity);
        }
        Map<String, Long> values = new LinkedHashMap<>();
        Map<String, String> texts = new LinkedHashMap<>();
        Map<String, ?> given = attributes == null ? Map.of() : attributes;
        for (String key : given.keySet()) {
            if (toxicType.attributes().stream().noneMatch(a -> a.name().equals(key))) {
                throw new InvalidToxicException("unknown attribute \"" + key + "\" for a " + type + " toxic; expected "
                        + String.join(", ", toxicType.attributes().stream().map(Attribute::name).toList()));
            }
        }
        for (Attribute attribute : toxicType.attributes()) {
            Object raw = given.get(attribute.name());
            if (attribute.text()) {
                if (raw != null && !(raw instanceof String)) {
                    throw new InvalidToxicException(type + " attribute " + attribute.name() + " must be text, but was " + raw);
                }
                texts.put(attribute.name(), raw == null ? "" : (String) raw);
                continue;
            }
            long value = raw == null ? attribute.defaultValue() : number(type, attribute, raw);
            if (value < attribute.min() || value > attribute.max()) {
                throw new InvalidToxicException(type + " attribute " + attribute.name() + " must be within " + attribute.min()
                        + ".." + attribute.max() + " " + attribute.unit() + ", but was " + value);
            }
            values.put(attribute.name(), value);
        }
        String toxicName = name == null || name.isBlank() ? type + "_" + direction.name().toLowerCase(Locale.ROOT) : name;
        return new ToxicSpec(toxicName, toxicType, direction, probability, values, texts, 0);
    }

    private static Toxic.Stream parseStream(String stream, Toxic.Stream fallback) {
        if (stream == null || stream.isBlank()) {
            return fallback;
        }
        return switch (stream.toLowerCase(Locale.ROOT)) {
            case "upstream" -> Toxic.Stream.UPSTREAM;
            case "downstream" -> Toxic.Stream.DOWNSTREAM;
            default -> throw new InvalidToxicException("stream must be upstream or downstream, but was \"" + stream + "\"");
        };
    }

    private static long number(String type, Attribute attribute, Object raw) {
        if (raw instanceof Number number) {
            double value = number.doubleValue();
            if (value != Math.rint(value) || Double.isInfinite(value)) {
                throw new InvalidToxicException(type + " attribute " + attribute.name() + " must be a whole number of "
                        + attribute.unit() + ", but was " + raw);
            }
            return number.longValue();
        }
        throw new InvalidToxicException(type + " attribute " + attribute.name() + " must be a number of " + attribute.unit()
                + ", but was " + raw);
    }

    /** The same toxic with other attributes or toxicity, checked again (Toxiproxy's toxic update). */
    public ToxicSpec updatedWith(Double newToxicity, Map<String, ?> newAttributes) {
        Map<String, Object> merged = new LinkedHashMap<>(attributes);
        merged.putAll(texts);
        if (newAttributes != null) {
            merged.putAll(newAttributes);
        }
        return of(name, type.key(), stream.name(), newToxicity != null ? newToxicity : toxicity, merged).withTtl(ttlMillis);
    }

    /**
     * A toxic that acts on a connection with probability {@link #toxicity}, calling {@code fired}
     * each time it does.
     */
    public Toxic toToxic(Random random, Runnable fired) {
        return new ToxicityFilter(type.create(stream, attributes, texts, random), toxicity, random, fired);
    }

    /** Decides per connection whether the toxic applies. A class, not a record: each toxic is itself. */
    private static final class ToxicityFilter implements Toxic {
        private final Toxic toxic;
        private final double toxicity;
        private final Random random;
        private final Runnable fired;

        ToxicityFilter(Toxic toxic, double toxicity, Random random, Runnable fired) {
            this.toxic = toxic;
            this.toxicity = toxicity;
            this.random = random;
            this.fired = fired;
        }

        @Override
        public Stream stream() {
            return toxic.stream();
        }

        @Override
        public ToxicLink link(Connection connection) {
            boolean applies;
            synchronized (random) {
                applies = random.nextDouble() < toxicity;
            }
            if (!applies) {
                return ToxicLink.PASS;
            }
            fired.run();
            return toxic.link(connection);
        }
    }
}
