package dev.kunren.engine.alert;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** What an alert rule can watch, with the unit its threshold is written in. */
public enum Metric {
    /** Modelled CPU of a web instance, percent; the rule looks at the selected instances. */
    CPU("cpu", "%", true),
    /** Share of requests that succeeded in the last window, percent. */
    AVAILABILITY("availability", "%", false),
    /** Share of requests that failed in the last window, percent. */
    ERROR_RATE("error_rate", "%", false),
    /** 99th percentile latency of the last window, milliseconds. */
    LATENCY_P99("latency_p99", "ms", false),
    /** Web instances the load balancer considers healthy. */
    HEALTHY_INSTANCES("healthy_instances", "", false);

    private final String key;
    private final String unit;
    private final boolean perInstance;

    Metric(String key, String unit, boolean perInstance) {
        this.key = key;
        this.unit = unit;
        this.perInstance = perInstance;
    }

    public String key() {
        return key;
    }

    public String unit() {
        return unit;
    }

    public boolean perInstance() {
        return perInstance;
    }

    public static Optional<Metric> byKey(String key) {
        return Arrays.stream(values()).filter(m -> m.key.equals(key)).findFirst();
    }

    public static List<String> keys() {
        return Arrays.stream(values()).map(Metric::key).toList();
    }
}
