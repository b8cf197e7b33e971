package dev.kunren.engine.report;

import static dev.kunren.engine.clock.DurationText.format;

import dev.kunren.engine.incident.Incident;
import dev.kunren.engine.incident.Incidents;
import dev.kunren.engine.incident.Milestone;
import dev.kunren.engine.incident.MilestoneTime;
import dev.kunren.engine.timeline.EventRecord;
import dev.kunren.engine.timeline.TimelineEvent.AlertAcknowledged;
import dev.kunren.engine.timeline.TimelineEvent.AlertChanged;
import dev.kunren.engine.timeline.TimelineEvent.AlertState;
import dev.kunren.engine.timeline.TimelineEvent.FaultInjected;
import dev.kunren.engine.timeline.TimelineEvent.MessageDelivered;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

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

    static List<Stage> measure(List<EventRecord> records, List<DrillReport.WindowPoint> windows, Duration end, boolean tabletop) {
        Optional<EventRecord> trigger = records.stream()
                .filter(r -> r.event() instanceof FaultInjected || (tabletop && r.event() instanceof MessageDelivered)).findFirst();
        if (trigger.isEmpty()) {
            return List.of();
        }
        Duration start = trigger.get().at();
        String fromStart = trigger.get().event() instanceof FaultInjected f ? "the start of fault " + f.faultId()
                : "message " + ((MessageDelivered) trigger.get().event()).messageId();
        List<String> detectors = trigger.get().event() instanceof FaultInjected f ? f.detectedBy() : List.of();
        Optional<Incident> incident = incidentFor(Incidents.replay(records, List.of()), start);
        Optional<EventRecord> firstAlert = records.stream()
                .filter(r -> r.event() instanceof AlertChanged a && a.state() == AlertState.FIRING
                        && r.at().compareTo(start) >= 0 && (detectors.isEmpty() || detectors.contains(a.rule())))
                .findFirst();

        List<Stage> stages = new ArrayList<>();
        stages.add(detect(start, fromStart, firstAlert, incident));
        stages.add(acknowledge(records, firstAlert));
        stages.add(milestone(TIME_TO_DECLARE, "Time to declare", fromStart, start, incident, Milestone.DECLARED, "no incident declared"));
        stages.add(milestone(TIME_TO_FIRST_INTERNAL_UPDATE, "Time to first internal update", fromStart, start, incident,
                Milestone.FIRST_INTERNAL_UPDATE, "no internal update posted"));
        stages.add(milestone(TIME_TO_FIRST_PUBLIC_UPDATE, "Time to first public update", fromStart, start, incident,
                Milestone.FIRST_PUBLIC_UPDATE, "no public update posted"));
        Duration declared = incident.flatMap(i -> i.milestone(Milestone.DECLARED)).map(MilestoneTime::at).orElse(null);
        stages.add(milestone(FIRST_PUBLIC_UPDATE_AFTER_DECLARING, "First public update after declaring", "the declaration",
                declared, incident, Milestone.FIRST_PUBLIC_UPDATE, declared == null ? "no incident declared" : "no public update posted"));
        stages.add(tabletop ? milestone(TIME_TO_MITIGATE, "Time to mitigate", fromStart, start, incident, Milestone.MITIGATED,
                "the incident never reached monitoring") : mitigate(start, fromStart, windows));
        stages.add(milestone(TIME_TO_RESOLVE, "Time to resolve", fromStart, start, incident, Milestone.RESOLVED, "not resolved"));
        stages.add(milestone(RESOLVE_AFTER_DECLARING, "Time to resolve after declaring", "the declaration", declared, incident,
                Milestone.RESOLVED, declared == null ? "no incident declared" : "not resolved"));
        stages.add(largestGap(incident, end));
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

    private static Stage detect(Duration start, String from, Optional<EventRecord> firstAlert, Optional<Incident> incident) {
        Optional<MilestoneTime> human = incident.flatMap(i -> i.milestone(Milestone.DETECTED))
                .filter(m -> m.at().compareTo(start) >= 0);
        boolean alertFirst = firstAlert.isPresent() && (human.isEmpty() || firstAlert.get().at().compareTo(human.get().at()) <= 0);
        if (alertFirst) {
            return new Stage(TIME_TO_DETECT, "Time to detect", from, firstAlert.get().at(), firstAlert.get().at().minus(start),
                    "alert " + ((AlertChanged) firstAlert.get().event()).rule() + " fired");
        }
        if (human.isPresent()) {
            String how = incident.get().alertRule().isEmpty() ? "a person noticed: " + incident.get().id() + " declared before any alert"
                    : "as recorded on " + incident.get().id();
            return new Stage(TIME_TO_DETECT, "Time to detect", from, human.get().at(), human.get().at().minus(start),
                    how + corrected(human.get()));
        }
        return new Stage(TIME_TO_DETECT, "Time to detect", from, null, null, "never detected: no alert fired and no incident was declared");
    }

    /** TTA runs from the first alert to its (or any) first acknowledgement after it. */
    private static Stage acknowledge(List<EventRecord> records, Optional<EventRecord> firstAlert) {
        if (firstAlert.isEmpty()) {
            return new Stage(TIME_TO_ACKNOWLEDGE, "Time to acknowledge", "the first alert", null, null, "no alert fired");
        }
        Duration fired = firstAlert.get().at();
        return records.stream().filter(r -> r.event() instanceof AlertAcknowledged && r.at().compareTo(fired) >= 0).findFirst()
                .map(r -> new Stage(TIME_TO_ACKNOWLEDGE, "Time to acknowledge", "the first alert", r.at(), r.at().minus(fired),
                        "acknowledged by " + ((AlertAcknowledged) r.event()).by()))
                .orElse(new Stage(TIME_TO_ACKNOWLEDGE, "Time to acknowledge", "the first alert", null, null, "never acknowledged"));
    }

    private static Stage milestone(String key, String label, String from, Duration start, Optional<Incident> incident,
                                   Milestone milestone, String notReached) {
        Optional<MilestoneTime> time = incident.flatMap(i -> i.milestone(milestone));
        if (start == null || time.isEmpty()) {
            return new Stage(key, label, from, null, null, notReached);
        }
        return new Stage(key, label, from, time.get().at(), time.get().at().minus(start),
                incident.get().id() + corrected(time.get()));
    }

    private static String corrected(MilestoneTime time) {
        if (time.corrections().isEmpty()) {
            return "";
        }
        var last = time.corrections().getLast();
        return " (corrected by " + last.by() + " from " + (time.recorded() == null ? "unset" : format(time.recorded()))
                + ": " + last.reason() + ")";
    }

    /**
     * TTM: until the customers' impact ended, for every fault together: the end of the last SLI
     * window outside objective from the trouble's start on, provided one within objective followed.
     */
    private static Stage mitigate(Duration start, String from, List<DrillReport.WindowPoint> windows) {
        List<DrillReport.WindowPoint> after = windows.stream().filter(w -> w.end().compareTo(start) > 0).toList();
        int lastBad = -1;
        for (int i = 0; i < after.size(); i++) {
            if (!after.get(i).withinObjective()) {
                lastBad = i;
            }
        }
        if (lastBad < 0) {
            return new Stage(TIME_TO_MITIGATE, "Time to mitigate", from, start, Duration.ZERO, "no customer impact");
        }
        if (lastBad == after.size() - 1) {
            return new Stage(TIME_TO_MITIGATE, "Time to mitigate", from, null, null, "customers were still affected at the end");
        }
        Duration mitigated = after.get(lastBad).end();
        return new Stage(TIME_TO_MITIGATE, "Time to mitigate", from, mitigated, mitigated.minus(start), "SLIs back within objective");
    }

    /** The longest silence on the status page while the incident was open: between updates, and to resolution (or the end). */
    private static Stage largestGap(Optional<Incident> incident, Duration end) {
        List<Duration> updates = incident.map(i -> i.entries().stream().filter(e -> e.kind().equals("public-update"))
                .map(Incident.Entry::at).toList()).orElse(List.of());
        if (updates.isEmpty()) {
            return new Stage(LARGEST_PUBLIC_UPDATE_GAP, "Largest gap between public updates", "a public update", null, null,
                    "no public update posted");
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
        return new Stage(LARGEST_PUBLIC_UPDATE_GAP, "Largest gap between public updates", "a public update", from.plus(gap), gap,
                "from " + format(from) + " to " + format(from.plus(gap)) + (close == end && incident.get()
                        .milestone(Milestone.RESOLVED).isEmpty() ? " (still open at the end)" : ""));
    }
}
