package dev.kunren.engine.alert;

import java.util.Map;
import java.util.OptionalDouble;

/**
 * The monitoring's view at one moment: per-instance CPU, the SLIs of the last closed window
 * (absent before the first window closes), the environment's gauges, and what the team's
 * Prometheus last answered to each PromQL rule (by rule name; absent when it did not answer).
 */
public record MetricReadings(Map<String, Double> cpuByInstance, int healthyInstances,
                             OptionalDouble availability, OptionalDouble latencyP99Millis, Map<String, Double> gauges,
                             Map<String, Double> queried) {

    public MetricReadings(Map<String, Double> cpuByInstance, int healthyInstances, OptionalDouble availability,
                          OptionalDouble latencyP99Millis) {
        this(cpuByInstance, healthyInstances, availability, latencyP99Millis, Map.of(), Map.of());
    }

    public MetricReadings(Map<String, Double> cpuByInstance, int healthyInstances, OptionalDouble availability,
                          OptionalDouble latencyP99Millis, Map<String, Double> gauges) {
        this(cpuByInstance, healthyInstances, availability, latencyP99Millis, gauges, Map.of());
    }

    /** The value a rule compares: the worst selected instance for per-instance metrics. */
    public OptionalDouble valueFor(AlertRule rule) {
        return switch (rule.metric()) {
            case CPU -> {
                var selected = cpuByInstance.entrySet().stream().filter(e -> rule.selects(e.getKey()))
                        .mapToDouble(Map.Entry::getValue);
                yield rule.above() ? selected.max() : selected.min();
            }
            case AVAILABILITY -> availability;
            case ERROR_RATE -> availability.isPresent() ? OptionalDouble.of(100 - availability.getAsDouble()) : OptionalDouble.empty();
            case LATENCY_P99 -> latencyP99Millis;
            case HEALTHY_INSTANCES -> OptionalDouble.of(healthyInstances);
            case PROMQL -> {
                Double value = queried.get(rule.name());
                yield value == null ? OptionalDouble.empty() : OptionalDouble.of(value);
            }
            default -> {
                Double value = gauges.get(rule.metric().gauge().orElseThrow());
                yield value == null ? OptionalDouble.empty() : OptionalDouble.of(value);
            }
        };
    }
}
