package dev.kunren.engine.fault;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A fault inject from a scenario: what to break, where, when, and for how long at most.
 *
 * @param params     the fault type's parameters, numbers as doubles and durations in milliseconds,
 *                   defaults filled in
 * @param duration   the fault's time limit: it is reverted when this much drill time has passed
 * @param detectedBy alert rules whose firing counts as detecting this fault; empty means any alert
 */
public record FaultSpec(String id, Duration at, FaultType type, Optional<String> target,
                        Map<String, Double> params, Duration duration, List<String> detectedBy) {

    public double param(String name) {
        Double value = params.get(name);
        if (value == null) {
            throw new IllegalArgumentException("fault " + id + " has no parameter " + name);
        }
        return value;
    }

    public Duration durationParam(String name) {
        return Duration.ofNanos(Math.round(param(name) * 1_000_000));
    }
}
