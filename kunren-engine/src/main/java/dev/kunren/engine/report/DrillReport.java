package dev.kunren.engine.report;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What a drill came to, computed from its timeline alone. Times are drill time since the start;
 * a null time means "did not happen" (never detected, never mitigated). Drill time stands still
 * while a drill is paused, so no time here counts a pause; {@code pauses} says when they were.
 *
 * @param stages   the response's stages (time to detect, acknowledge, declare, …), see {@link Stages}
 * @param tabletop the scenario had no practice system (no SLIs, no faults)
 * @param language the language of its texts (stage labels and notes, timeline, expectation details)
 */
public record DrillReport(
        String drillId,
        String team,
        String scenario,
        String title,
        double speed,
        long seed,
        Instant startedAt,
        Instant firstRequestAt,
        Duration plannedDuration,
        Duration duration,
        String endReason,
        Objectives objectives,
        Totals totals,
        List<FaultReport> faults,
        List<AlertReport> alerts,
        List<FailoverReport> failovers,
        long teamOperations,
        Notifications notifications,
        List<ExpectationReport> expectations,
        boolean tabletop,
        List<Stage> stages,
        List<Pause> pauses,
        List<WindowPoint> windows,
        List<TimelineEntry> timeline,
        String language,
        Evaluation evaluation) {

    public record Objectives(double availabilityPercent, Duration latencyP99, Duration window) {
    }

    /**
     * @param errorBudgetConsumedPercent failed requests as a share of the failures the
     *                                   availability objective allows over the whole drill; null
     *                                   when there is no budget (no requests, or a 100% objective)
     * @param requestsNotSent            requests skipped because the machine running Kunren fell
     *                                   behind; above zero, the drill ran too fast for this machine
     * @param score                      service points (SLI windows) plus expectation points
     */
    public record Totals(long requests, long failed, double availabilityPercent, Double errorBudgetConsumedPercent,
                         double score, int windows, int windowsOutsideObjective, long requestsNotSent,
                         double servicePoints, double expectationPoints) {
    }

    /**
     * One expectation as judged during the drill: met or missed, when its clock started, its
     * deadline and when the thing was done (null: no deadline, or never done).
     */
    public record ExpectationReport(String id, String inject, String kind, boolean met, Duration startedAt,
                                    Duration deadline, Duration doneAt, double points, String detail, Duration judgedAt) {
    }

    /** The drill stood still from drill time {@code at} for {@code realLength} of real time (null: never resumed). */
    public record Pause(Duration at, Duration realLength) {
    }

    /** One SLI window's result, for charts. */
    public record WindowPoint(Duration start, Duration end, double availability, double p99Millis, double totalScore,
                              boolean withinObjective) {
    }

    /**
     * One line of the merged timeline; {@code revealed} marks what the team could not see during
     * the drill (what was injected), shown at the debrief; {@code marked} whether a chart marks it
     * (an alert firing rather than resolving, an operation by the team rather than by Kunren).
     */
    public record TimelineEntry(Duration at, String type, String text, boolean revealed, boolean marked) {
    }

    /**
     * One fault's story: when it started and ended, when an alert caught it (TTD), when the SLIs
     * came back within objective (TTM), and what it cost.
     *
     * @param customerImpact whether any window from the fault's start broke the objectives
     * @param mitigatedAt    end of the last window outside objective before the service stayed within
     *                       objective ({@link Recovery}); null if the impact lasted to the end
     * @param timeToFix      from the fault's start until the team fixed its cause through the
     *                       console; null if they did not (or it cannot be fixed, only mitigated)
     */
    public record FaultReport(String id, String type, String target, Map<String, String> params, Duration injectedAt,
                              Duration revertedAt, String revertReason, String detectedBy, String detectedVia, Duration detectedAt,
                              Duration timeToDetect, boolean customerImpact, Duration mitigatedAt,
                              Duration timeToMitigate, long requestsFailed, Double errorBudgetConsumedPercent,
                              Duration timeToFix) {
    }

    /**
     * A database failover: how much acknowledged data was lost (RPO) and how long writes were
     * impossible before it (RTO, from the primary's failure; null if no fault explains it).
     */
    public record FailoverReport(Duration at, String from, String to, long lostWrites, long lostOrders, Duration rpo,
                                 Duration rto, boolean automatic) {
    }

    public record AlertReport(String rule, String severity, Duration firstFiringAt, int timesFired) {
    }

    public record Notifications(int sent, int failed) {
    }
}
