package dev.kunren.engine.scoring;

import java.time.Duration;

/** A request answered faster than {@code under} earns {@code points}. */
public record LatencyTier(Duration under, double points) {
}
