package dev.kunren.engine.expectation;

import dev.kunren.engine.timeline.EventRecord;
import dev.kunren.engine.timeline.TimelineEvent.AlertAcknowledged;
import dev.kunren.engine.timeline.TimelineEvent.AlertChanged;
import dev.kunren.engine.timeline.TimelineEvent.AlertState;
import dev.kunren.engine.timeline.TimelineEvent.FaultInjected;
import dev.kunren.engine.timeline.TimelineEvent.IncidentDeclared;
import dev.kunren.engine.timeline.TimelineEvent.IncidentStatusChanged;
import dev.kunren.engine.timeline.TimelineEvent.InternalUpdatePosted;
import dev.kunren.engine.timeline.TimelineEvent.MessageAnswered;
import dev.kunren.engine.timeline.TimelineEvent.MessageDelivered;
import dev.kunren.engine.timeline.TimelineEvent.PublicUpdatePosted;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The few facts of a team's timeline that expectations are judged on, gathered one event at a
 * time (so a live drill need not keep or rescan its whole timeline).
 */
final class TeamFacts {

    /** A moment something happened, and what it was about (an alert rule, an incident, a message). */
    record Moment(Duration at, String about) {
    }

    /** An incident's declaration, status changes and updates. */
    static final class IncidentFacts {
        final Duration declaredAt;
        final List<Moment> statuses = new ArrayList<>();
        final List<Duration> internalUpdates = new ArrayList<>();
        final List<Duration> publicUpdates = new ArrayList<>();

        IncidentFacts(Duration declaredAt) {
            this.declaredAt = declaredAt;
        }

        /** Whether it was declared and not resolved at {@code t}. */
        boolean openAt(Duration t) {
            if (declaredAt.compareTo(t) > 0) {
                return false;
            }
            String status = "INVESTIGATING";
            for (Moment change : statuses) {
                if (change.at().compareTo(t) <= 0) {
                    status = change.about();
                }
            }
            return !status.equals("RESOLVED");
        }

        /** Its first resolution at or after {@code t}. */
        Optional<Duration> resolvedFrom(Duration t) {
            return statuses.stream().filter(s -> s.about().equals("RESOLVED") && s.at().compareTo(t) >= 0)
                    .map(Moment::at).findFirst();
        }

        /** When it was resolved, if it is resolved now. */
        Optional<Duration> resolvedAt() {
            return statuses.isEmpty() || !statuses.getLast().about().equals("RESOLVED")
                    ? Optional.empty() : Optional.of(statuses.getLast().at());
        }
    }

    final Map<String, Duration> injectedAt = new HashMap<>();
    final List<Moment> firings = new ArrayList<>();
    final List<Moment> acknowledgements = new ArrayList<>();
    final List<Moment> pageAcknowledgements = new ArrayList<>();
    final Map<String, IncidentFacts> incidents = new LinkedHashMap<>();
    final Map<String, Duration> firstAnswer = new HashMap<>();

    static TeamFacts of(List<EventRecord> records) {
        TeamFacts facts = new TeamFacts();
        records.forEach(facts::observe);
        return facts;
    }

    /** Takes note of an event of the team's timeline, if it matters to an expectation. */
    void observe(EventRecord record) {
        Duration at = record.at();
        switch (record.event()) {
            case FaultInjected f -> injectedAt.putIfAbsent(f.faultId(), at);
            case MessageDelivered m -> injectedAt.putIfAbsent(m.messageId(), at);
            case AlertChanged a when a.state() == AlertState.FIRING -> firings.add(new Moment(at, a.rule()));
            case AlertAcknowledged a -> acknowledgements.add(new Moment(at, a.rule()));
            case dev.kunren.engine.timeline.TimelineEvent.PageAcknowledged a -> pageAcknowledgements.add(new Moment(at, a.rule()));
            case IncidentDeclared d -> incidents.put(d.incidentId(), new IncidentFacts(at));
            case IncidentStatusChanged s -> incident(s.incidentId()).ifPresent(i -> i.statuses.add(new Moment(at, s.to())));
            case InternalUpdatePosted u -> incident(u.incidentId()).ifPresent(i -> i.internalUpdates.add(at));
            case PublicUpdatePosted u -> incident(u.incidentId()).ifPresent(i -> i.publicUpdates.add(at));
            case MessageAnswered a -> firstAnswer.putIfAbsent(a.messageId(), at);
            default -> {
            }
        }
    }

    private Optional<IncidentFacts> incident(String id) {
        return Optional.ofNullable(incidents.get(id));
    }

    /**
     * The incident an inject at {@code t} is about: the latest one open at that moment, else the
     * first declared after it.
     */
    Optional<IncidentFacts> incidentFor(Duration t) {
        IncidentFacts open = null;
        for (IncidentFacts incident : incidents.values()) {
            if (incident.openAt(t)) {
                open = incident;
            }
        }
        if (open != null) {
            return Optional.of(open);
        }
        return incidents.values().stream().filter(i -> i.declaredAt.compareTo(t) > 0).findFirst();
    }

    /** The first moment at or after {@code from} about the alert (any alert when empty). */
    static Optional<Duration> firstAfter(List<Moment> moments, Duration from, Optional<String> alert) {
        return moments.stream().filter(m -> m.at().compareTo(from) >= 0)
                .filter(m -> alert.isEmpty() || alert.get().equals(m.about())).map(Moment::at).findFirst();
    }
}
