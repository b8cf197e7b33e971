package dev.kunren.engine.traffic;

/**
 * How one customer request went. A shop request fails on a 5xx, a broken connection or a
 * timeout; a probe when it does not get its expected status in time.
 *
 * @param kind   what was asked: a shop request kind ({@code checkout}) or a probe's name
 * @param status HTTP status, or 0 when no response came
 */
public record RequestOutcome(String kind, int status, long latencyNanos, boolean failed) {
}
