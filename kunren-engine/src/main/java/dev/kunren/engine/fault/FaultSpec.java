package dev.kunren.engine.fault;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A fault inject from a scenario: what to break, where, when, and for how long at most.
 *
 * @param at         drill time of the inject; with {@code latestAt}, the start of a window in
 *                   which the drill picks the time at random
 * @param target     an instance ({@code web-2}, or {@code random} for one running at the time),
 *                   or a route; empty for faults that take none
 * @param params     the fault type's parameters, numbers as doubles and durations in milliseconds,
 *                   defaults filled in
 * @param names      the fault type's name parameters (a process or disk of an agent's allow-list)
 * @param duration   the fault's time limit after its inject; empty: until the drill ends
 * @param detectedBy alert rules whose firing counts as detecting this fault; empty means any alert
 * @param recur      injects it again and again until the team has made recovery automatic
 * @param teams      the teams whose environment it hits; empty means every team
 */
public record FaultSpec(String id, Duration at, Optional<Duration> latestAt, FaultType type, Optional<String> target,
                        Map<String, Double> params, Map<String, String> names, Optional<Duration> duration,
                        List<String> detectedBy, Optional<Recurrence> recur, List<String> teams) {

    public static final String RANDOM_TARGET = "random";

    public FaultSpec {
        params = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(params));
        names = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(names));
    }

    /** A fault without name parameters (every fault of the practice shop). */
    public FaultSpec(String id, Duration at, Optional<Duration> latestAt, FaultType type, Optional<String> target,
                     Map<String, Double> params, Optional<Duration> duration, List<String> detectedBy,
                     Optional<Recurrence> recur, List<String> teams) {
        this(id, at, latestAt, type, target, params, Map.of(), duration, detectedBy, recur, teams);
    }

    /** A fault at a fixed time on every team, with nothing optional set: the common case. */
    public FaultSpec(String id, Duration at, FaultType type, Optional<String> target, Map<String, Double> params,
                     Duration duration, List<String> detectedBy) {
        this(id, at, Optional.empty(), type, target, params, Optional.of(duration), detectedBy, Optional.empty(), List.of());
    }

    public double param(String name) {
        Double value = params.get(name);
        if (value == null) {
            throw new IllegalArgumentException("fault " + id + " has no parameter " + name);
        }
        return value;
    }

    /** A name parameter, such as the process of the agent's allow-list to kill. */
    public String nameParam(String name) {
        String value = names.get(name);
        if (value == null) {
            throw new IllegalArgumentException("fault " + id + " has no parameter " + name);
        }
        return value;
    }

    public Duration durationParam(String name) {
        return Duration.ofNanos(Math.round(param(name) * 1_000_000));
    }

    public boolean hits(String team) {
        return teams.isEmpty() || teams.contains(team);
    }

    /** The same inject, pinned to a time and id (a random window resolved, or a recurrence). */
    public FaultSpec at(String newId, Duration when) {
        return new FaultSpec(newId, when, Optional.empty(), type, target, params, names, duration, detectedBy, recur, teams);
    }

    /** The same inject on a concrete instance (a {@code random} target resolved). */
    public FaultSpec on(String newTarget) {
        return new FaultSpec(id, at, latestAt, type, Optional.of(newTarget), params, names, duration, detectedBy, recur, teams);
    }

    /**
     * How an inject recurs: every {@code every} of drill time, until the environment has the
     * automatic recovery named by {@code until}.
     */
    public record Recurrence(Duration every, AutoRecovery until) {
    }
}
