package dev.kunren.engine.fault;

import java.util.Optional;

/**
 * One parameter of a fault type: a number or a duration (in milliseconds for the bounds), with
 * its allowed range and default.
 */
public record ParamSpec(String name, Kind kind, Optional<Double> defaultValue, double min, double max) {

    public enum Kind { NUMBER, DURATION }

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

    public boolean required() {
        return defaultValue.isEmpty();
    }
}
