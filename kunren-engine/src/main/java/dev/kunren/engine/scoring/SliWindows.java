package dev.kunren.engine.scoring;

import dev.kunren.engine.scenario.SteadyState;
import dev.kunren.engine.timeline.TimelineEvent.WindowClosed;
import dev.kunren.engine.traffic.RequestOutcome;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * Collects customer requests into windows of drill time: availability, latency percentiles
 * (HdrHistogram) and score. A request belongs to the window open when it completed.
 */
public final class SliWindows {

    private static final long MAX_LATENCY_MICROS = TimeUnit.MINUTES.toMicros(2);

    private final ScoringRules scoring;
    private final SteadyState objectives;
    private final Histogram latencies = new Histogram(MAX_LATENCY_MICROS, 3);
    private long requests;
    private long failed;
    private double windowScore;
    private double totalScore;
    private long totalRequests;
    private long totalFailed;

    public SliWindows(ScoringRules scoring, SteadyState objectives) {
        this.scoring = scoring;
        this.objectives = objectives;
    }

    public synchronized void record(RequestOutcome outcome) {
        requests++;
        if (outcome.failed()) {
            failed++;
        } else {
            latencies.recordValue(Math.min(MAX_LATENCY_MICROS, TimeUnit.NANOSECONDS.toMicros(outcome.latencyNanos())));
        }
        windowScore += scoring.pointsFor(outcome.failed(), outcome.latencyNanos());
    }

    /** Ends the current window, returns its summary and starts the next one. */
    public synchronized WindowClosed close(int index, Duration start, Duration end, long notSent) {
        double availability = requests == 0 ? 100 : 100.0 * (requests - failed) / requests;
        double p50 = latencies.getTotalCount() == 0 ? 0 : latencies.getValueAtPercentile(50) / 1000.0;
        double p99 = latencies.getTotalCount() == 0 ? 0 : latencies.getValueAtPercentile(99) / 1000.0;
        boolean within = availability >= objectives.availability() * 100
                && p99 <= objectives.latencyP99().toNanos() / 1e6;
        totalScore += windowScore;
        totalRequests += requests;
        totalFailed += failed;
        WindowClosed closed = new WindowClosed(index, start, end, requests, failed, round(availability, 3),
                round(p50, 3), round(p99, 3), round(windowScore, 2), round(totalScore, 2), within, notSent);
        latencies.reset();
        requests = 0;
        failed = 0;
        windowScore = 0;
        return closed;
    }

    /** Takes up the totals of the windows a stopped process closed (a drill taken back after a crash). */
    public synchronized void restoreTotals(double score, long requests, long failed) {
        totalScore = score;
        totalRequests = requests;
        totalFailed = failed;
    }

    public synchronized double totalScore() {
        return totalScore;
    }

    public synchronized long totalRequests() {
        return totalRequests;
    }

    public synchronized long totalFailed() {
        return totalFailed;
    }

    private static double round(double value, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }
}
