package dev.kunren.engine.fault;

import java.util.Optional;

/**
 * One parameter of a fault type: a number or a duration (in milliseconds for the bounds), with
 * its allowed range and default, or a name (of a process or disk in an agent's allow-list).
 */
public record ParamSpec(String name, Kind kind, Optional<Double> defaultValue, double min, double max) {

    public enum Kind { NUMBER, DURATION, NAME }

    static ParamSpec number(String name, double defaultValue, double min, double max) {
        return new ParamSpec(name, Kind.NUMBER, Optional.of(defaultValue), min, max);
    }

    static ParamSpec requiredNumber(String name, double min, double max) {
        return new ParamSpec(name, Kind.NUMBER, Optional.empty(), min, max);
    }

    static ParamSpec duration(String name, double defaultMillis, double minMillis, double maxMillis) {
        return new ParamSpec(name, Kind.DURATION, Optional.of(defaultMillis), minMillis, maxMillis);
    }

    static ParamSpec requiredDuration(String name, double minMillis, double maxMillis) {
        return new ParamSpec(name, Kind.DURATION, Optional.empty(), minMillis, maxMillis);
    }

    /** A required name, such as a process of the agent's allow-list. */
    static ParamSpec name(String name) {
        return new ParamSpec(name, Kind.NAME, Optional.empty(), 0, 0);
    }

    public boolean required() {
        return defaultValue.isEmpty();
    }
}
