package dev.kunren.engine.traffic;

import java.time.Duration;
import java.util.Map;

/**
 * Customer traffic: {@code ratePerSecond} requests per drill second, split by weight over kinds of
 * request. A customer gives up after {@code timeout} of real time.
 */
public record TrafficSpec(double ratePerSecond, Map<RequestKind, Integer> mix, Duration timeout) {
}
