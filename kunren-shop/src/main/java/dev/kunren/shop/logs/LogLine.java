package dev.kunren.shop.logs;

import java.time.Duration;

/** One log line of a component (lb, web-2, db-1, asg, registry…), at drill time. */
public record LogLine(long id, Duration at, String component, String level, String message) {
}
