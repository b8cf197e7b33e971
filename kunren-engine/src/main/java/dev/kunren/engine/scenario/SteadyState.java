package dev.kunren.engine.scenario;

import java.time.Duration;

/**
 * The service level objectives that say the shop is healthy, checked per window of drill time.
 *
 * @param availability share of requests that must succeed, 0–1 (0.99 = 99%)
 * @param latencyP99   the 99th percentile latency a window must stay within
 * @param window       length of one SLI and scoring window, in drill time
 */
public record SteadyState(double availability, Duration latencyP99, Duration window) {

    /** Failed requests the objective allows out of {@code requests}. */
    public double errorBudget(long requests) {
        return requests * (1 - availability);
    }
}
