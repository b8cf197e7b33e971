package dev.kunren.engine.traffic;

/**
 * How one customer request went. A request fails on a 5xx, a broken connection or a timeout.
 *
 * @param status HTTP status, or 0 when no response came
 */
public record RequestOutcome(RequestKind kind, int status, long latencyNanos, boolean failed) {
}
