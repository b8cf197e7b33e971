package dev.kunren.engine.report;

import dev.kunren.engine.incident.Incident;
import dev.kunren.engine.incident.Incidents;
import dev.kunren.engine.incident.Milestone;
import dev.kunren.engine.incident.MilestoneTime;
import dev.kunren.engine.oncall.Pages;
import dev.kunren.engine.timeline.EventRecord;
import dev.kunren.engine.timeline.TimelineEvent.AlertAcknowledged;
import dev.kunren.engine.timeline.TimelineEvent.AlertChanged;
import dev.kunren.engine.timeline.TimelineEvent.AlertState;
import dev.kunren.engine.timeline.TimelineEvent.FaultInjected;
import dev.kunren.engine.timeline.TimelineEvent.FaultReverted;
import dev.kunren.engine.timeline.TimelineEvent.MessageDelivered;
import dev.kunren.engine.timeline.TimelineEvent.PageSent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Measures the stages of a team's response (DESIGN §6) from its events. Every "time to" runs from
 * the moment the trouble really began — the first fault's start, or in a tabletop drill the first
 * message — which only Kunren knows; the incident's milestones count as corrected by hand.
 *
 * <p>The incident measured is the one open when the trouble began, else the first declared after.
 * Detection is the earlier of the first alert firing from the trouble's start on (among the first
 * fault's {@code detectedBy} rules, if it names any) and the incident's detected milestone (a
 * person noticed). Drill time stands still while a drill is paused, so pauses are never counted.
 */
final class Stages {

    static final String TIME_TO_DETECT = "time-to-detect";
    static final String TIME_TO_ACKNOWLEDGE = "time-to-acknowledge";
    static final String TIME_TO_PAGE = "time-to-page";
    static final String TIME_TO_ACKNOWLEDGE_PAGE = "time-to-acknowledge-page";
    static final String TIME_TO_DECLARE = "time-to-declare";
    static final String TIME_TO_FIRST_INTERNAL_UPDATE = "time-to-first-internal-update";
    static final String TIME_TO_FIRST_PUBLIC_UPDATE = "time-to-first-public-update";
    static final String FIRST_PUBLIC_UPDATE_AFTER_DECLARING = "first-public-update-after-declaring";
    static final String TIME_TO_MITIGATE = "time-to-mitigate";
    static final String TIME_TO_RESOLVE = "time-to-resolve";
    static final String RESOLVE_AFTER_DECLARING = "resolve-after-declaring";
    static final String LARGEST_PUBLIC_UPDATE_GAP = "largest-public-update-gap";

    private Stages() {
    }

    static List<Stage> measure(List<EventRecord> records, List<DrillReport.WindowPoint> windows, Duration end, boolean tabletop,
                               Words w) {
        Optional<EventRecord> trigger = records.stream()
                .filter(r -> r.event() instanceof FaultInjected || (tabletop && r.event() instanceof MessageDelivered)).findFirst();
        if (trigger.isEmpty()) {
            return List.of();
        }
        Duration start = trigger.get().at();
        String fromStart = trigger.get().event() instanceof FaultInjected f ? w.t("from.fault", f.faultId())
                : w.t("from.message", ((MessageDelivered) trigger.get().event()).messageId());
        String fromDeclaration = w.t("from.declaration");
        List<String> detectors = trigger.get().event() instanceof FaultInjected f ? f.detectedBy() : List.of();
        Optional<Incident> incident = incidentFor(Incidents.replay(records, List.of()), start);
        Optional<EventRecord> firstAlert = records.stream()
                .filter(r -> r.event() instanceof AlertChanged a && a.state() == AlertState.FIRING
                        && r.at().compareTo(start) >= 0 && (detectors.isEmpty() || detectors.contains(a.rule())))
                .findFirst();

        List<Stage> stages = new ArrayList<>();
        String noIncident = w.t("note.noIncident");
        stages.add(detect(start, fromStart, firstAlert, incident, w));
        stages.add(acknowledge(records, firstAlert, w));
        if (records.stream().anyMatch(r -> r.event() instanceof PageSent)) {
            stages.addAll(paging(records, firstAlert, w));
        }
        stages.add(milestone(TIME_TO_DECLARE, fromStart, start, incident, Milestone.DECLARED, noIncident, w));
        stages.add(milestone(TIME_TO_FIRST_INTERNAL_UPDATE, fromStart, start, incident, Milestone.FIRST_INTERNAL_UPDATE,
                w.t("note.noInternalUpdate"), w));
        stages.add(milestone(TIME_TO_FIRST_PUBLIC_UPDATE, fromStart, start, incident, Milestone.FIRST_PUBLIC_UPDATE,
                w.t("note.noPublicUpdate"), w));
        Duration declared = incident.flatMap(i -> i.milestone(Milestone.DECLARED)).map(MilestoneTime::at).orElse(null);
        stages.add(milestone(FIRST_PUBLIC_UPDATE_AFTER_DECLARING, fromDeclaration, declared, incident, Milestone.FIRST_PUBLIC_UPDATE,
                declared == null ? noIncident : w.t("note.noPublicUpdate"), w));
        stages.add(tabletop ? milestone(TIME_TO_MITIGATE, fromStart, start, incident, Milestone.MITIGATED,
                w.t("note.neverMonitoring"), w) : mitigate(start, fromStart, windows, faultsEnded(records), w));
        stages.add(milestone(TIME_TO_RESOLVE, fromStart, start, incident, Milestone.RESOLVED, w.t("note.notResolved"), w));
        stages.add(milestone(RESOLVE_AFTER_DECLARING, fromDeclaration, declared, incident, Milestone.RESOLVED,
                declared == null ? noIncident : w.t("note.notResolved"), w));
        stages.add(largestGap(incident, end, w));
        return stages;
    }

    private static Optional<Incident> incidentFor(Incidents incidents, Duration start) {
        Incident open = null;
        for (Incident incident : incidents.all()) {
            boolean declaredBefore = incident.declaredAt().compareTo(start) <= 0;
            Optional<Duration> resolved = incident.milestone(Milestone.RESOLVED).map(MilestoneTime::recorded);
            if (declaredBefore && (resolved.isEmpty() || resolved.get().compareTo(start) > 0)) {
                open = incident;
            }
        }
        if (open != null) {
            return Optional.of(open);
        }
        return incidents.all().stream().filter(i -> i.declaredAt().compareTo(start) > 0).findFirst();
    }

    private static Stage stage(String key, String from, Duration at, Duration took, String note, Words w) {
        return new Stage(key, w.t("stage." + key), from, at, took, note);
    }

    private static Stage detect(Duration start, String from, Optional<EventRecord> firstAlert, Optional<Incident> incident,
                                Words w) {
        Optional<MilestoneTime> human = incident.flatMap(i -> i.milestone(Milestone.DETECTED))
                .filter(m -> m.at().compareTo(start) >= 0);
        boolean alertFirst = firstAlert.isPresent() && (human.isEmpty() || firstAlert.get().at().compareTo(human.get().at()) <= 0);
        if (alertFirst) {
            return stage(TIME_TO_DETECT, from, firstAlert.get().at(), firstAlert.get().at().minus(start),
                    w.t("note.alertFired", ((AlertChanged) firstAlert.get().event()).rule()), w);
        }
        if (human.isPresent()) {
            String how = incident.get().alertRule().isEmpty() ? w.t("note.personNoticed", incident.get().id())
                    : w.t("note.asRecorded", incident.get().id());
            return stage(TIME_TO_DETECT, from, human.get().at(), human.get().at().minus(start), how + corrected(human.get(), w), w);
        }
        return stage(TIME_TO_DETECT, from, null, null, w.t("note.neverDetected"), w);
    }

    /** TTA runs from the first alert to its (or any) first acknowledgement after it. */
    private static Stage acknowledge(List<EventRecord> records, Optional<EventRecord> firstAlert, Words w) {
        String from = w.t("from.firstAlert");
        if (firstAlert.isEmpty()) {
            return stage(TIME_TO_ACKNOWLEDGE, from, null, null, w.t("note.noAlert"), w);
        }
        Duration fired = firstAlert.get().at();
        return records.stream().filter(r -> r.event() instanceof AlertAcknowledged && r.at().compareTo(fired) >= 0).findFirst()
                .map(r -> stage(TIME_TO_ACKNOWLEDGE, from, r.at(), r.at().minus(fired),
                        w.t("note.acknowledgedBy", ((AlertAcknowledged) r.event()).by()), w))
                .orElse(stage(TIME_TO_ACKNOWLEDGE, from, null, null, w.t("note.neverAcknowledged"), w));
    }

    /**
     * With someone on call: TTP runs from the first alert to the first page it sent, and the time
     * to acknowledge the page from that page to whoever took it, through every escalation.
     */
    private static List<Stage> paging(List<EventRecord> records, Optional<EventRecord> firstAlert, Words w) {
        if (firstAlert.isEmpty()) {
            return List.of(stage(TIME_TO_PAGE, w.t("from.firstAlert"), null, null, w.t("note.noAlert"), w),
                    stage(TIME_TO_ACKNOWLEDGE_PAGE, w.t("from.firstPage"), null, null, w.t("note.noPage"), w));
        }
        Duration fired = firstAlert.get().at();
        Optional<Pages.Page> page = Pages.replay(records).all().stream().filter(p -> p.sentAt().compareTo(fired) >= 0).findFirst();
        if (page.isEmpty()) {
            return List.of(stage(TIME_TO_PAGE, w.t("from.firstAlert"), null, null, w.t("note.noPage"), w),
                    stage(TIME_TO_ACKNOWLEDGE_PAGE, w.t("from.firstPage"), null, null, w.t("note.noPage"), w));
        }
        Pages.Page first = page.get();
        Stage paged = stage(TIME_TO_PAGE, w.t("from.firstAlert"), first.sentAt(), first.sentAt().minus(fired),
                w.t("note.paged", first.id(), first.paged().getFirst()), w);
        String escalations = first.paged().size() > 1 ? w.t("note.escalations", first.paged().size() - 1) : "";
        Stage taken = first.acknowledgedAt()
                .map(at -> stage(TIME_TO_ACKNOWLEDGE_PAGE, w.t("from.firstPage"), at, at.minus(first.sentAt()),
                        w.t("note.pageTaken", first.acknowledged().get().by(), first.acknowledged().get().via()) + escalations, w))
                .orElse(stage(TIME_TO_ACKNOWLEDGE_PAGE, w.t("from.firstPage"), null, null, w.t("note.pageNotTaken") + escalations, w));
        return List.of(paged, taken);
    }

    private static Stage milestone(String key, String from, Duration start, Optional<Incident> incident, Milestone milestone,
                                   String notReached, Words w) {
        Optional<MilestoneTime> time = incident.flatMap(i -> i.milestone(milestone));
        if (start == null || time.isEmpty()) {
            return stage(key, from, null, null, notReached, w);
        }
        return stage(key, from, time.get().at(), time.get().at().minus(start), incident.get().id() + corrected(time.get(), w), w);
    }

    private static String corrected(MilestoneTime time, Words w) {
        if (time.corrections().isEmpty()) {
            return "";
        }
        var last = time.corrections().getLast();
        return w.t("note.corrected", last.by(), time.recorded() == null ? w.t("note.unset") : w.duration(time.recorded()), last.reason());
    }

    /**
     * TTM: until the customers' impact ended, for every fault together: the end of the last SLI
     * window outside objective from the trouble's start before the service stayed within it ({@link Recovery}).
     */
    private static Stage mitigate(Duration start, String from, List<DrillReport.WindowPoint> windows, Optional<Duration> ended,
                                  Words w) {
        List<DrillReport.WindowPoint> after = windows.stream().filter(window -> window.end().compareTo(start) > 0).toList();
        int endedAt = ended.map(e -> (int) after.stream().filter(window -> window.start().compareTo(e) < 0).count()).orElse(after.size());
        int lastBad = Recovery.lastBadWindow(after.stream().map(DrillReport.WindowPoint::withinObjective).toList(), endedAt);
        if (lastBad == Recovery.NO_IMPACT) {
            return stage(TIME_TO_MITIGATE, from, start, Duration.ZERO, w.t("note.noImpact"), w);
        }
        if (lastBad == Recovery.NOT_RECOVERED) {
            return stage(TIME_TO_MITIGATE, from, null, null, w.t("note.stillAffected"), w);
        }
        Duration mitigated = after.get(lastBad).end();
        return stage(TIME_TO_MITIGATE, from, mitigated, mitigated.minus(start), w.t("note.slisBack"), w);
    }

    /** When the last fault was reverted, once every injected fault has been; empty while one is on. */
    private static Optional<Duration> faultsEnded(List<EventRecord> records) {
        Set<String> injected = new HashSet<>();
        Map<String, Duration> reverted = new HashMap<>();
        for (EventRecord record : records) {
            if (record.event() instanceof FaultInjected f) {
                injected.add(f.faultId());
            } else if (record.event() instanceof FaultReverted r) {
                reverted.putIfAbsent(r.faultId(), record.at());
            }
        }
        return reverted.keySet().containsAll(injected) ? reverted.values().stream().max(Duration::compareTo) : Optional.empty();
    }

    /** The longest silence on the status page while the incident was open: between updates, and to resolution (or the end). */
    private static Stage largestGap(Optional<Incident> incident, Duration end, Words w) {
        List<Duration> updates = incident.map(i -> i.entries().stream().filter(e -> e.kind().equals("public-update"))
                .map(Incident.Entry::at).toList()).orElse(List.of());
        if (updates.isEmpty()) {
            return stage(LARGEST_PUBLIC_UPDATE_GAP, w.t("from.publicUpdate"), null, null, w.t("note.noPublicUpdate"), w);
        }
        Duration close = incident.get().milestone(Milestone.RESOLVED).map(MilestoneTime::at).orElse(end);
        Duration from = updates.getFirst();
        Duration gap = Duration.ZERO;
        for (int i = 0; i < updates.size(); i++) {
            Duration next = i + 1 < updates.size() ? updates.get(i + 1) : close;
            if (next.minus(updates.get(i)).compareTo(gap) > 0) {
                gap = next.minus(updates.get(i));
                from = updates.get(i);
            }
        }
        boolean stillOpen = close == end && incident.get().milestone(Milestone.RESOLVED).isEmpty();
        return stage(LARGEST_PUBLIC_UPDATE_GAP, w.t("from.publicUpdate"), from.plus(gap), gap,
                w.t(stillOpen ? "note.gapStillOpen" : "note.gap", w.duration(from), w.duration(from.plus(gap))), w);
    }
}
