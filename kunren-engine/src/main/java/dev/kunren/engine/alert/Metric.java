package dev.kunren.engine.alert;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** What an alert rule can watch, with the unit its threshold is written in. */
public enum Metric {
    /** Modelled CPU of a web instance, percent; the rule looks at the selected instances. */
    CPU("cpu", "%", true, null),
    /** Share of requests that succeeded in the last window, percent. */
    AVAILABILITY("availability", "%", false, null),
    /** Share of requests that failed in the last window, percent. */
    ERROR_RATE("error_rate", "%", false, null),
    /** 99th percentile latency of the last window, milliseconds. */
    LATENCY_P99("latency_p99", "ms", false, null),
    /** Web instances the load balancer considers healthy. */
    HEALTHY_INSTANCES("healthy_instances", "", false, null),
    /** How far the database replica trails the primary, seconds. */
    DB_REPLICA_LAG("db_replica_lag", "s", false, "db_replica_lag_seconds"),
    /** 1 while the database behind the writer endpoint takes writes, else 0. */
    DB_WRITABLE("db_writable", "", false, "db_writable"),
    /** Age of the oldest running database query, seconds. */
    DB_LONGEST_QUERY("db_longest_query", "s", false, "db_longest_query_seconds"),
    /** What the account's running instances cost, yen per hour (a billing alarm). */
    COST_PER_HOUR("cost_per_hour", "¥/h", false, "cost_yen_per_hour"),
    /** Web instances running with a configuration they cannot use. */
    CONFIG_ERRORS("config_errors", "", false, "config_errors"),
    /** Instances running in the second region, normally none. */
    SECONDARY_REGION_INSTANCES("secondary_region_instances", "", false, "secondary_region_instances"),
    /** What a PromQL query to the team's Prometheus answers (the rule's {@code promql}). */
    PROMQL("promql", "", false, null);

    private final String key;
    private final String unit;
    private final boolean perInstance;
    private final String gauge;

    Metric(String key, String unit, boolean perInstance, String gauge) {
        this.key = key;
        this.unit = unit;
        this.perInstance = perInstance;
        this.gauge = gauge;
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

    /** The environment gauge this metric reads, or empty for SLIs and instance metrics. */
    public Optional<String> gauge() {
        return Optional.ofNullable(gauge);
    }

    public static Optional<Metric> byKey(String key) {
        return Arrays.stream(values()).filter(m -> m.key.equals(key)).findFirst();
    }

    /** The metrics a rule names with {@code metric:} ({@code promql} has a key of its own). */
    public static List<String> keys() {
        return Arrays.stream(values()).filter(m -> m != PROMQL).map(Metric::key).toList();
    }

    /** Whether it measures what a drill on the team's own systems can see: the probes' SLIs, or PromQL. */
    public boolean external() {
        return this == AVAILABILITY || this == ERROR_RATE || this == LATENCY_P99 || this == PROMQL;
    }
}
