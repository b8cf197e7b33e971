package dev.kunren.proxy.toxic;

import dev.kunren.proxy.Toxic;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/** The toxic types, with Toxiproxy's names and attributes. */
public enum ToxicType {
    LATENCY("latency", List.of(new Attribute("latency", "ms", 0, 0, Limits.HOUR_MS), new Attribute("jitter", "ms", 0, 0, Limits.HOUR_MS))),
    BANDWIDTH("bandwidth", List.of(new Attribute("rate", "KB/s", 0, 1, 100_000_000))),
    SLOW_CLOSE("slow_close", List.of(new Attribute("delay", "ms", 0, 0, Limits.HOUR_MS))),
    TIMEOUT("timeout", List.of(new Attribute("timeout", "ms", 0, 0, Limits.HOUR_MS))),
    RESET_PEER("reset_peer", List.of(new Attribute("timeout", "ms", 0, 0, Limits.HOUR_MS))),
    SLICER("slicer", List.of(new Attribute("average_size", "bytes", 1, 1, 10_000_000),
            new Attribute("size_variation", "bytes", 0, 0, 10_000_000), new Attribute("delay", "µs", 0, 0, Limits.HOUR_MS * 1000))),
    LIMIT_DATA("limit_data", List.of(new Attribute("bytes", "bytes", 0, 0, Long.MAX_VALUE / 2))),
    /** Kunren's own: packet loss as TCP shows it, a stall for a retransmission. */
    LOSS("loss", List.of(new Attribute("percent", "%", 0, 0, 100), new Attribute("stall", "ms", 200, 0, Limits.HOUR_MS))),
    /** Kunren's own, on HTTP/1.1 requests: answer a share of matching requests with a status code. */
    HTTP_STATUS("http_status", httpAttributes(new Attribute("status", "HTTP status", 503, 100, 599))),
    /** Kunren's own: drop the connection on a share of matching requests, without an answer. */
    HTTP_ABORT("http_abort", httpAttributes()),
    /** Kunren's own: delay a share of matching requests before they reach the upstream. */
    HTTP_DELAY("http_delay", httpAttributes(new Attribute("delay", "ms", 0, 0, Limits.HOUR_MS)));

    private static List<Attribute> httpAttributes(Attribute... own) {
        List<Attribute> all = new java.util.ArrayList<>(List.of(own));
        all.add(new Attribute("percent", "%", 100, 0, 100));
        all.add(Attribute.text("method", "HTTP method to match, any if empty"));
        all.add(Attribute.text("path", "path prefix to match, any if empty"));
        return List.copyOf(all);
    }

    /** Whether the toxic reads HTTP requests, and so sits on the upstream stream. */
    public boolean http() {
        return key.startsWith("http_");
    }

    private final String key;
    private final List<Attribute> attributes;

    ToxicType(String key, List<Attribute> attributes) {
        this.key = key;
        this.attributes = attributes;
    }

    public String key() {
        return key;
    }

    public List<Attribute> attributes() {
        return attributes;
    }

    public static Optional<ToxicType> byKey(String key) {
        return Arrays.stream(values()).filter(t -> t.key.equals(key)).findFirst();
    }

    public static List<String> keys() {
        return Arrays.stream(values()).map(ToxicType::key).toList();
    }

    /** A toxic of this type; {@code values} and {@code texts} hold every attribute, already checked. */
    Toxic create(Toxic.Stream stream, Map<String, Long> values, Map<String, String> texts, Random random) {
        return switch (this) {
            case LATENCY -> new LatencyToxic(stream, values.get("latency"), values.get("jitter"), random);
            case BANDWIDTH -> new BandwidthToxic(stream, values.get("rate"));
            case SLOW_CLOSE -> new SlowCloseToxic(stream, values.get("delay"));
            case TIMEOUT -> new TimeoutToxic(stream, values.get("timeout"));
            case RESET_PEER -> new ResetPeerToxic(stream, values.get("timeout"));
            case SLICER -> new SlicerToxic(stream, values.get("average_size"), values.get("size_variation"),
                    values.get("delay"), random);
            case LIMIT_DATA -> new LimitDataToxic(stream, values.get("bytes"));
            case LOSS -> new LossToxic(stream, values.get("percent"), values.get("stall"), random);
            case HTTP_STATUS, HTTP_ABORT, HTTP_DELAY -> new HttpFaultToxic(this, values.getOrDefault("status", 0L),
                    values.getOrDefault("delay", 0L), values.get("percent"), texts.get("method"), texts.get("path"), random);
        };
    }
}
