package dev.kunren.proxy.toxic;

/** One numeric attribute of a toxic type, with its unit, default and allowed range. */
public record Attribute(String name, String unit, long defaultValue, long min, long max) {
}
