package dev.kunren.proxy.toxic;

/**
 * One attribute of a toxic type: a number with its unit, default and allowed range, or (for the
 * HTTP toxics' filters) a text, empty by default.
 */
public record Attribute(String name, String unit, long defaultValue, long min, long max, boolean text) {

    public Attribute(String name, String unit, long defaultValue, long min, long max) {
        this(name, unit, defaultValue, min, max, false);
    }

    static Attribute text(String name, String meaning) {
        return new Attribute(name, meaning, 0, 0, 0, true);
    }
}
