package dev.kunren.engine.report;

import dev.kunren.engine.report.DrillReport.AlertReport;
import dev.kunren.engine.report.DrillReport.ExpectationReport;
import dev.kunren.engine.timeline.TimelineEvent.ExpectationJudged;
import dev.kunren.engine.report.DrillReport.FailoverReport;
import dev.kunren.engine.report.DrillReport.FaultReport;
import dev.kunren.engine.timeline.EventRecord;
import dev.kunren.engine.timeline.TimelineEvent;
import dev.kunren.engine.timeline.TimelineEvent.AlertChanged;
import dev.kunren.engine.timeline.TimelineEvent.AlertState;
import dev.kunren.engine.timeline.TimelineEvent.ConsoleOperation;
import dev.kunren.engine.timeline.TimelineEvent.DatabaseFailedOver;
import dev.kunren.engine.timeline.TimelineEvent.RevertReason;
import dev.kunren.engine.timeline.TimelineEvent.DrillEnded;
import dev.kunren.engine.timeline.TimelineEvent.DrillStarted;
import dev.kunren.engine.timeline.TimelineEvent.FaultInjected;
import dev.kunren.engine.timeline.TimelineEvent.FaultReverted;
import dev.kunren.engine.timeline.TimelineEvent.NotificationSent;
import dev.kunren.engine.timeline.TimelineEvent.TrafficStarted;
import dev.kunren.engine.timeline.TimelineEvent.WindowClosed;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.time.Instant;

/**
 * Computes a {@link DrillReport} from a drill's events and nothing else, so a stored drill can be
 * reported on again at any time.
 *
 * <p>Attribution rules: a fault is detected by the first firing, at or after its start, of one of
 * its {@code detectedBy} rules (any rule if it names none). Its impact is judged on the SLI windows
 * that end after its start and start before the next fault's start (or the drill's end).
 */
public final class ReportBuilder {

    /** The audit source of operations a team performs through the console. */
    public static final String TEAM_SOURCE = "console";

    private ReportBuilder() {
    }

    /** The report of the drill's first team (the only one, for most drills). */
    public static DrillReport build(List<EventRecord> records) {
        return build(records, teams(records).getFirst());
    }

    /** One report per team, in the drill's order of teams. */
    public static List<DrillReport> buildAll(List<EventRecord> records) {
        return buildAll(records, Words.english());
    }

    /** One report per team, its texts in the language of {@code words}. */
    public static List<DrillReport> buildAll(List<EventRecord> records, Words words) {
        return teams(records).stream().map(team -> build(records, team, words)).toList();
    }

    /**
     * The drill's start, wherever it stands: what happens around Start (a member joining, an
     * acknowledgement) may come before it, so no reader may assume it is the first event.
     */
    public static Optional<EventRecord> start(List<EventRecord> records) {
        for (EventRecord record : records) {
            if (record.event() instanceof DrillStarted) {
                return Optional.of(record);
            }
        }
        return Optional.empty();
    }

    private static EventRecord requireStart(List<EventRecord> records) {
        return start(records).orElseThrow(() -> new IllegalArgumentException("a drill's timeline must have drill-started"));
    }

    /** The drill's teams as its start recorded them; a drill stored before teams existed has one, unnamed. */
    public static List<String> teams(List<EventRecord> records) {
        DrillStarted started = (DrillStarted) requireStart(records).event();
        return started.teams().isEmpty() ? List.of(EventRecord.WHOLE_DRILL) : started.teams();
    }

    /** The report of one team: the whole drill's events and the team's own. */
    public static DrillReport build(List<EventRecord> allRecords, String team) {
        return build(allRecords, team, Words.english());
    }

    /** The report of one team, its texts (stages, timeline, expectations) in the language of {@code words}. */
    public static DrillReport build(List<EventRecord> allRecords, String team, Words words) {
        EventRecord startRecord = requireStart(allRecords);
        DrillStarted started = (DrillStarted) startRecord.event();
        List<EventRecord> records = allRecords.stream().filter(r -> r.concerns(team)).toList();
        List<WindowClosed> windows = ofType(records, WindowClosed.class).stream().map(Timed::event).toList();
        List<Timed<AlertChanged>> alertChanges = ofType(records, AlertChanged.class);
        List<Timed<FaultInjected>> injected = ofType(records, FaultInjected.class);
        Duration end = records.getLast().at();
        Optional<DrillEnded> ended = ofType(records, DrillEnded.class).stream().map(Timed::event).findFirst();

        long requests = windows.stream().mapToLong(WindowClosed::requests).sum();
        long failed = windows.stream().mapToLong(WindowClosed::failed).sum();
        double budget = requests * (1 - started.availabilityObjective());
        double servicePoints = windows.isEmpty() ? 0 : windows.getLast().totalScore();
        List<ExpectationReport> expectations = ofType(records, ExpectationJudged.class).stream()
                .map(e -> new ExpectationReport(e.event().expectationId(), e.event().inject(), e.event().kind(), e.event().met(),
                        e.event().startedAt(), e.event().deadline(), e.event().doneAt(), e.event().points(),
                        ExpectationText.detail(e.event(), e.at(), words), e.at()))
                .toList();
        double expectationPoints = expectations.stream().mapToDouble(ExpectationReport::points).sum();
        var totals = new DrillReport.Totals(requests, failed, requests == 0 ? 100 : round(100.0 * (requests - failed) / requests),
                percentOf(failed, budget), round(servicePoints + expectationPoints), windows.size(),
                (int) windows.stream().filter(w -> !w.withinObjective()).count(),
                windows.stream().mapToLong(WindowClosed::notSent).sum(), round(servicePoints), round(expectationPoints));

        List<FaultReport> faults = new ArrayList<>();
        for (int i = 0; i < injected.size(); i++) {
            Duration nextStart = i + 1 < injected.size() ? injected.get(i + 1).at() : end;
            faults.add(fault(injected.get(i), nextStart, records, alertChanges, windows, budget));
        }
        Instant firstRequest = ofType(records, TrafficStarted.class).stream().findFirst()
                .map(Timed::recordedAt).orElse(null);
        boolean tabletop = started.tabletop();
        List<NotificationSent> notices = ofType(records, NotificationSent.class).stream().map(Timed::event).toList();
        long operations = ofType(records, ConsoleOperation.class).stream()
                .filter(o -> o.event().source().equals(TEAM_SOURCE)).count();
        return new DrillReport(startRecord.drillId(), team, started.scenario(), words.own(started.titles(), started.title()),
                started.speed(),
                started.seed(), startRecord.recordedAt(), firstRequest, started.plannedDuration(), end,
                ended.map(e -> e.reason().name().toLowerCase(java.util.Locale.ROOT)).orElse("unfinished"),
                new DrillReport.Objectives(round(started.availabilityObjective() * 100), started.latencyP99Objective(),
                        started.window()),
                totals, faults, alerts(alertChanges), failovers(records, injected), operations,
                new DrillReport.Notifications((int) notices.stream().filter(NotificationSent::delivered).count(),
                        (int) notices.stream().filter(n -> !n.delivered()).count()), expectations, tabletop,
                Stages.measure(records, windowPoints(windows), end, tabletop, words), pauses(records), windowPoints(windows),
                timeline(records, words), words.language(), Evaluation.of(records, words));
    }

    private static FaultReport fault(Timed<FaultInjected> injected, Duration nextStart, List<EventRecord> records,
                                     List<Timed<AlertChanged>> alertChanges, List<WindowClosed> windows, double budget) {
        FaultInjected fault = injected.event();
        Duration start = injected.at();
        Optional<Timed<FaultReverted>> reverted = ofType(records, FaultReverted.class).stream()
                .filter(r -> r.event().faultId().equals(fault.faultId())).findFirst();
        Optional<Timed<AlertChanged>> detection = alertChanges.stream()
                .filter(a -> a.event().state() == AlertState.FIRING && a.at().compareTo(start) >= 0)
                .filter(a -> fault.detectedBy().isEmpty() || fault.detectedBy().contains(a.event().rule()))
                .findFirst();
        List<WindowClosed> affected = windows.stream()
                .filter(w -> w.end().compareTo(start) > 0 && w.start().compareTo(nextStart) < 0).toList();
        int endedAt = reverted.map(r -> (int) affected.stream().filter(w -> w.start().compareTo(r.at()) < 0).count())
                .orElse(affected.size());
        int lastBad = Recovery.lastBadWindow(affected.stream().map(WindowClosed::withinObjective).toList(), endedAt);
        boolean impact = lastBad != Recovery.NO_IMPACT;
        Duration mitigatedAt = lastBad >= 0 ? affected.get(lastBad).end() : null;
        Duration impactEnd = !impact ? start : mitigatedAt != null ? mitigatedAt : nextStart;
        long failedDuringImpact = affected.stream().filter(w -> w.start().compareTo(impactEnd) < 0)
                .filter(w -> impact).mapToLong(WindowClosed::failed).sum();
        return new FaultReport(fault.faultId(), fault.faultType(), fault.target(), fault.params(), start,
                reverted.map(Timed::at).orElse(null), reverted.map(r -> r.event().reason().name().toLowerCase()).orElse(null),
                detection.map(d -> d.event().rule()).orElse(null),
                detection.filter(d -> d.event().external()).map(d -> d.event().source()).orElse(null),
                detection.map(Timed::at).orElse(null),
                detection.map(d -> d.at().minus(start)).orElse(null), impact, mitigatedAt,
                mitigatedAt == null ? null : mitigatedAt.minus(start), failedDuringImpact, percentOf(failedDuringImpact, budget),
                reverted.filter(r -> r.event().reason() == RevertReason.FIXED).map(r -> r.at().minus(start)).orElse(null));
    }

    /** When the drill stood still, and for how long in real time (drill times already leave pauses out). */
    private static List<DrillReport.Pause> pauses(List<EventRecord> records) {
        List<DrillReport.Pause> pauses = new ArrayList<>();
        EventRecord paused = null;
        for (EventRecord record : records) {
            if (record.event() instanceof TimelineEvent.DrillPaused || record.event() instanceof TimelineEvent.DrillRestored) {
                paused = paused != null ? paused : record;
            } else if (record.event() instanceof TimelineEvent.DrillResumed && paused != null) {
                pauses.add(new DrillReport.Pause(paused.at(), Duration.between(paused.recordedAt(), record.recordedAt())));
                paused = null;
            }
        }
        if (paused != null) {
            pauses.add(new DrillReport.Pause(paused.at(), null));
        }
        return pauses;
    }

    private static List<DrillReport.WindowPoint> windowPoints(List<WindowClosed> windows) {
        return windows.stream().map(w -> new DrillReport.WindowPoint(w.start(), w.end(), w.availability(), w.p99Millis(),
                w.totalScore(), w.withinObjective())).toList();
    }

    /** Every event a person would follow, in order, with what was hidden from the team marked as revealed. */
    private static List<DrillReport.TimelineEntry> timeline(List<EventRecord> records, Words words) {
        List<DrillReport.TimelineEntry> entries = new ArrayList<>();
        for (EventRecord record : records) {
            EventText.describe(record, words).ifPresent(text -> entries.add(new DrillReport.TimelineEntry(record.at(),
                    dev.kunren.engine.timeline.EventJson.typeName(record.event()), text,
                    dev.kunren.engine.timeline.Visibility.facilitatorOnly(record.event()), marked(record.event()))));
        }
        return entries;
    }

    /** Whether a chart marks the entry: an alert firing (not resolving), an operation of the team's own. */
    private static boolean marked(TimelineEvent event) {
        return switch (event) {
            case AlertChanged a -> a.state() == AlertState.FIRING;
            case ConsoleOperation o -> o.source().equals(TEAM_SOURCE);
            default -> true;
        };
    }

    /** RTO runs from the last primary failure before the failover; RPO is what the failover lost. */
    private static List<FailoverReport> failovers(List<EventRecord> records, List<Timed<FaultInjected>> injected) {
        List<FailoverReport> reports = new ArrayList<>();
        for (Timed<DatabaseFailedOver> failover : ofType(records, DatabaseFailedOver.class)) {
            Duration rto = injected.stream().filter(f -> f.event().faultType().equals("db-primary-down"))
                    .filter(f -> f.at().compareTo(failover.at()) <= 0).reduce((a, b) -> b)
                    .map(f -> failover.at().minus(f.at())).orElse(null);
            DatabaseFailedOver event = failover.event();
            reports.add(new FailoverReport(failover.at(), event.from(), event.to(), event.lostWrites(), event.lostOrders(),
                    event.rpo(), rto, event.automatic()));
        }
        return reports;
    }

    private static List<AlertReport> alerts(List<Timed<AlertChanged>> changes) {
        Map<String, AlertReport> byRule = new LinkedHashMap<>();
        for (Timed<AlertChanged> change : changes) {
            if (change.event().state() != AlertState.FIRING) {
                continue;
            }
            byRule.merge(change.event().rule(), new AlertReport(change.event().rule(), change.event().severity(), change.at(), 1),
                    (first, next) -> new AlertReport(first.rule(), first.severity(), first.firstFiringAt(), first.timesFired() + 1));
        }
        return List.copyOf(byRule.values());
    }

    /** Null when there is no budget to consume (no requests, or a 100% objective). */
    private static Double percentOf(double part, double whole) {
        return whole <= 0 ? null : round(100 * part / whole);
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }

    private record Timed<E extends TimelineEvent>(Duration at, java.time.Instant recordedAt, E event) {
    }

    private static <E extends TimelineEvent> List<Timed<E>> ofType(List<EventRecord> records, Class<E> type) {
        return records.stream().filter(r -> type.isInstance(r.event()))
                .map(r -> new Timed<>(r.at(), r.recordedAt(), type.cast(r.event()))).toList();
    }
}
