package dev.kunren.engine.drill;

import dev.kunren.engine.timeline.EventRecord;
import dev.kunren.engine.timeline.TimelineEvent.AlertChanged;
import dev.kunren.engine.timeline.TimelineEvent.ConsoleOperation;
import dev.kunren.engine.timeline.TimelineEvent.ExpectationJudged;
import dev.kunren.engine.timeline.TimelineEvent.FaultInjected;
import dev.kunren.engine.timeline.TimelineEvent.FaultInjectionFailed;
import dev.kunren.engine.timeline.TimelineEvent.FaultReverted;
import dev.kunren.engine.timeline.TimelineEvent.InjectSkipped;
import dev.kunren.engine.timeline.TimelineEvent.MessageDelivered;
import dev.kunren.engine.timeline.TimelineEvent.RecurrenceEnded;
import dev.kunren.engine.timeline.TimelineEvent.StopConditionTripped;
import dev.kunren.engine.timeline.TimelineEvent.WindowClosed;
import dev.kunren.engine.alert.AlertEvaluator;
import dev.kunren.engine.fault.FaultSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.function.BiConsumer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** One team's part of a {@link DrillHistory}, read the ways a rebuild needs it. */
final class TeamRecord {

    /** Where the team's own console calls come from, as the audit trail records it. */
    static final String TEAM_SOURCE = "console";

    private final List<EventRecord> records;

    TeamRecord(List<EventRecord> records) {
        this.records = records;
    }

    List<EventRecord> records() {
        return records;
    }

    /** The calls the team made to its environment that went through, in order. */
    List<EventRecord> teamOperations() {
        return records.stream().filter(r -> r.event() instanceof ConsoleOperation op && op.success()
                && op.source().equals(TEAM_SOURCE)).toList();
    }

    /** Faults injected, in order. */
    List<EventRecord> injected() {
        return records.stream().filter(r -> r.event() instanceof FaultInjected).toList();
    }

    /** When each fault ended, by fault id. */
    Map<String, Duration> reverted() {
        Map<String, Duration> ended = new LinkedHashMap<>();
        records.forEach(r -> {
            if (r.event() instanceof FaultReverted f) {
                ended.putIfAbsent(f.faultId(), r.at());
            }
        });
        return ended;
    }

    /** When an inject of the scenario was dealt with (injected, refused or skipped), if it was. */
    Optional<Duration> settled(String faultId) {
        return records.stream().filter(r -> switch (r.event()) {
            case FaultInjected f -> f.faultId().equals(faultId);
            case FaultInjectionFailed f -> f.faultId().equals(faultId);
            case InjectSkipped s -> s.faultId().equals(faultId);
            default -> false;
        }).map(EventRecord::at).findFirst();
    }

    /** Whether the recurring inject {@code baseId} stopped recurring at or before {@code at}. */
    boolean recurrenceEnded(String baseId, Duration at) {
        return records.stream().anyMatch(r -> r.event() instanceof RecurrenceEnded e && e.faultId().equals(baseId)
                && r.at().compareTo(at) <= 0);
    }

    boolean stopConditionTripped() {
        return records.stream().anyMatch(r -> r.event() instanceof StopConditionTripped);
    }

    /**
     * Sets a team system's SLI windows and alert rules where the timeline leaves them: the next
     * window opens where the last closed, and no rule fires again what was firing.
     */
    void restoreSignals(WindowCloser windowCloser, AlertEvaluator alerts) {
        windowCloser.restore(windows());
        lastAlertChanges().forEach((rule, change) -> alerts.restore(rule, ((AlertChanged) change.event()).state(), change.at()));
    }

    /**
     * Takes the injects due by {@code stoppedAt} off {@code pending}: those the timeline dealt with
     * go to {@code settled} with when (a recurrence is scheduled from there), those it did not stay
     * first in line, injected at the first second after the resume.
     */
    void takeUpPending(List<FaultSpec> pending, Duration stoppedAt, BiConsumer<FaultSpec, Duration> settled) {
        List<FaultSpec> overdue = new ArrayList<>();
        while (!pending.isEmpty() && pending.getFirst().at().compareTo(stoppedAt) <= 0) {
            FaultSpec spec = pending.removeFirst();
            Optional<Duration> at = settled(spec.id());
            if (at.isPresent()) {
                settled.accept(spec, at.get());
            } else if (!recurrenceEnded(spec.id().replaceFirst("#\\d+$", ""), stoppedAt)) {
                overdue.add(spec);
            }
        }
        pending.addAll(0, overdue);
    }

    List<WindowClosed> windows() {
        return records.stream().map(EventRecord::event).filter(WindowClosed.class::isInstance).map(WindowClosed.class::cast).toList();
    }

    /** Each alert rule's last change, by rule. */
    Map<String, EventRecord> lastAlertChanges() {
        Map<String, EventRecord> last = new LinkedHashMap<>();
        records.forEach(r -> {
            if (r.event() instanceof AlertChanged a) {
                last.put(a.rule(), r);
            }
        });
        return last;
    }

    List<ExpectationJudged> judged() {
        return records.stream().map(EventRecord::event).filter(ExpectationJudged.class::isInstance)
                .map(ExpectationJudged.class::cast).toList();
    }

    Set<String> deliveredMessages() {
        return records.stream().map(EventRecord::event).filter(MessageDelivered.class::isInstance)
                .map(e -> ((MessageDelivered) e).messageId()).collect(Collectors.toSet());
    }
}
