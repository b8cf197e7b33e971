package dev.kunren.engine.incident;

import dev.kunren.engine.timeline.EventRecord;
import dev.kunren.engine.timeline.TimelineEvent;
import dev.kunren.engine.timeline.TimelineEvent.ActionItemAdded;
import dev.kunren.engine.timeline.TimelineEvent.AlertAcknowledged;
import dev.kunren.engine.timeline.TimelineEvent.AlertChanged;
import dev.kunren.engine.timeline.TimelineEvent.AlertState;
import dev.kunren.engine.timeline.TimelineEvent.IncidentDeclared;
import dev.kunren.engine.timeline.TimelineEvent.IncidentNoteAdded;
import dev.kunren.engine.timeline.TimelineEvent.IncidentSeverityChanged;
import dev.kunren.engine.timeline.TimelineEvent.IncidentStatusChanged;
import dev.kunren.engine.timeline.TimelineEvent.InternalUpdatePosted;
import dev.kunren.engine.timeline.TimelineEvent.MilestoneCorrected;
import dev.kunren.engine.timeline.TimelineEvent.PublicUpdatePosted;
import dev.kunren.engine.timeline.TimelineEvent.RoleAssigned;
import dev.kunren.engine.timeline.TimelineEvent.RoleReleased;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A team's incidents, rebuilt from its timeline: every fact is an event, so the debrief sees
 * exactly what the team saw. Commands ({@link #declare}, {@link #changeStatus}, …) check what is
 * asked against the current state and return the event to append; they change nothing themselves.
 *
 * <p>Milestones are set when their action first happens, by the debrief's own rules: detected when
 * the alarm began (the first alert to fire while none was firing, and that alarm lasted up to the
 * alert the incident was declared from; at the declaration when a person noticed with nothing
 * firing), acknowledged at the first acknowledgement of any alert since then (or the declaration,
 * whichever is first), declared,
 * first internal update, identified, mitigated (monitoring), resolved (the last resolution, so a
 * reopened incident is resolved when it is resolved again). A correction keeps the automatic time.
 */
public final class Incidents {

    static final int MAX_TEXT = 4_000;

    private final List<String> roles;
    private final Map<String, Incident> incidents = new LinkedHashMap<>();
    private final Map<String, Duration> firingSince = new HashMap<>();
    private final Map<String, Duration> acknowledgedAt = new HashMap<>();
    private final java.util.Set<String> firing = new java.util.HashSet<>();
    /** When the latest alarm began: an alert fired while none was firing. */
    private Duration alarmSince;
    private Duration alarmAcknowledgedAt;

    public Incidents(List<String> roles) {
        this.roles = List.copyOf(roles);
    }

    /** The incidents a team's events (in timeline order) describe. */
    public static Incidents replay(List<EventRecord> records, List<String> roles) {
        Incidents incidents = new Incidents(roles);
        records.forEach(incidents::apply);
        return incidents;
    }

    public List<Incident> all() {
        return List.copyOf(incidents.values());
    }

    public Incident get(String id) {
        Incident incident = incidents.get(id);
        if (incident == null) {
            throw IncidentException.notFound("no incident " + id);
        }
        return incident;
    }

    public List<String> roles() {
        return roles;
    }

    // ---- replay ----

    public void apply(EventRecord record) {
        Duration at = record.at();
        TimelineEvent event = record.event();
        switch (event) {
            case AlertChanged a when a.state() == AlertState.FIRING -> {
                if (firing.isEmpty()) {
                    alarmSince = at;
                    alarmAcknowledgedAt = null;
                }
                firing.add(a.rule());
                firingSince.put(a.rule(), at);
                acknowledgedAt.remove(a.rule());
            }
            case AlertChanged a -> firing.remove(a.rule());
            case AlertAcknowledged a -> {
                acknowledgedAt.putIfAbsent(a.rule(), at);
                if (alarmSince != null && alarmAcknowledgedAt == null) {
                    alarmAcknowledgedAt = at;
                }
                incidents.values().stream().filter(i -> i.alertRule().equals(a.rule()))
                        .forEach(i -> i.reach(Milestone.ACKNOWLEDGED, at));
            }
            case IncidentDeclared d -> declared(d, at);
            case IncidentStatusChanged s -> get(s.incidentId()).status(IncidentStatus.valueOf(s.to()), at);
            case IncidentSeverityChanged s -> get(s.incidentId()).severity(Severity.valueOf(s.to()));
            case RoleAssigned r -> get(r.incidentId()).assign(r.role(), r.person(), r.by(), at);
            case RoleReleased r -> get(r.incidentId()).release(r.role(), at);
            case MilestoneCorrected c -> get(c.incidentId()).correct(Milestone.valueOf(c.milestone()),
                    new MilestoneTime.Correction(c.to(), c.by(), c.reason(), at));
            case IncidentNoteAdded n -> get(n.incidentId()).add(new Incident.Entry("note", at, n.by(), Map.of("text", n.text())));
            case InternalUpdatePosted u -> {
                Incident incident = get(u.incidentId());
                incident.reach(Milestone.FIRST_INTERNAL_UPDATE, at);
                incident.add(new Incident.Entry("internal-update", at, u.by(),
                        Map.of("conditions", u.conditions(), "actions", u.actions(), "needs", u.needs())));
            }
            case PublicUpdatePosted u -> {
                Incident incident = get(u.incidentId());
                incident.reach(Milestone.FIRST_PUBLIC_UPDATE, at);
                Map<String, String> fields = new LinkedHashMap<>(u.components());
                fields.put("status", u.status());
                fields.put("message", u.message());
                incident.add(new Incident.Entry("public-update", at, u.by(), fields));
            }
            case ActionItemAdded a -> get(a.incidentId()).add(new Incident.Entry("action-item", at, a.by(),
                    Map.of("text", a.text(), "owner", a.owner(), "due", a.due())));
            default -> {
            }
        }
    }

    private void declared(IncidentDeclared d, Duration at) {
        Incident incident = new Incident(d.incidentId(), d.title(), Severity.valueOf(d.severity()), d.components(),
                d.alertRule(), at);
        incidents.put(d.incidentId(), incident);
        Duration detected = at;
        Duration ack = null;
        Duration ruleFired = d.alertRule().isEmpty() ? null : firingSince.get(d.alertRule());
        if (ruleFired != null && ruleFired.compareTo(alarmSince) < 0) {
            detected = ruleFired;  // that alert fired in an earlier alarm, which has ended
            ack = acknowledgedAt.get(d.alertRule());
        } else if (ruleFired != null || !firing.isEmpty()) {
            detected = alarmSince;
            ack = alarmAcknowledgedAt;
        }
        incident.reach(Milestone.DETECTED, detected);
        incident.reach(Milestone.ACKNOWLEDGED, ack != null && ack.compareTo(at) < 0 ? ack : at);
        incident.reach(Milestone.DECLARED, at);
    }

    // ---- commands ----

    public IncidentDeclared declare(String title, String severity, List<String> components, String by, String alertRule) {
        String cleanTitle = text(title, "a title");
        Severity level = parse(Severity.class, severity, "severity");
        if (!alertRule.isEmpty() && !firingSince.containsKey(alertRule)) {
            throw IncidentException.conflict("alert " + alertRule + " has not fired; declare by hand instead");
        }
        return new IncidentDeclared("INC-" + (incidents.size() + 1), cleanTitle, level.name(), List.copyOf(components), by, alertRule);
    }

    public IncidentStatusChanged changeStatus(String id, String to, String by) {
        Incident incident = get(id);
        IncidentStatus target = parse(IncidentStatus.class, to, "status");
        if (!incident.status().next().contains(target)) {
            throw IncidentException.conflict(id + " cannot go from " + lower(incident.status()) + " to " + lower(target)
                    + (incident.status() == IncidentStatus.RESOLVED ? "; reopen it (investigating) first" : ""));
        }
        return new IncidentStatusChanged(id, incident.status().name(), target.name(), by);
    }

    public IncidentSeverityChanged changeSeverity(String id, String to, String by) {
        Incident incident = get(id);
        Severity target = parse(Severity.class, to, "severity");
        if (target == incident.severity()) {
            throw IncidentException.conflict(id + " is already " + target);
        }
        return new IncidentSeverityChanged(id, incident.severity().name(), target.name(), by);
    }

    public RoleAssigned assign(String id, String role, String person, String by) {
        Incident incident = get(id);
        requireRole(role);
        String who = text(person, "a person");
        if (incident.holder(role).filter(who::equals).isPresent()) {
            throw IncidentException.conflict(who + " already holds " + role);
        }
        return new RoleAssigned(id, role, who, by);
    }

    public RoleReleased release(String id, String role, String by) {
        Incident incident = get(id);
        requireRole(role);
        if (incident.holder(role).isEmpty()) {
            throw IncidentException.conflict("nobody holds " + role);
        }
        return new RoleReleased(id, role, by);
    }

    /** Corrects a milestone to {@code to}, which must lie between the drill's start and {@code now}. */
    public MilestoneCorrected correct(String id, String milestone, Duration to, Duration now, String by, String reason) {
        get(id);
        Milestone which = parse(Milestone.class, milestone, "milestone");
        if (to.isNegative()) {
            throw IncidentException.invalid("a milestone cannot be before the drill began");
        }
        if (to.compareTo(now) > 0) {
            long seconds = now.toSeconds();
            throw IncidentException.invalid("a milestone cannot be later than now (" + seconds / 60 + ":"
                    + String.format(Locale.ROOT, "%02d", seconds % 60) + " of drill time)");
        }
        return new MilestoneCorrected(id, which.name(), to, by, text(reason, "a reason for the correction"));
    }

    public IncidentNoteAdded note(String id, String text, String by) {
        get(id);
        return new IncidentNoteAdded(id, text(text, "a note"), by);
    }

    public InternalUpdatePosted internalUpdate(String id, String conditions, String actions, String needs, String by) {
        get(id);
        return new InternalUpdatePosted(id, text(conditions, "the conditions"), text(actions, "the actions"),
                needs == null ? "" : needs.strip(), by);
    }

    /** Statuses a component can have on the status page. */
    public static final List<String> COMPONENT_STATUSES = List.of("operational", "degraded-performance", "partial-outage",
            "major-outage");

    public PublicUpdatePosted publicUpdate(String id, String status, String message, Map<String, String> components, String by) {
        get(id);
        IncidentStatus shown = parse(IncidentStatus.class, status, "status");
        for (Map.Entry<String, String> component : components.entrySet()) {
            if (!COMPONENT_STATUSES.contains(component.getValue())) {
                throw IncidentException.invalid("component " + component.getKey() + " must be one of " + COMPONENT_STATUSES
                        + ", not " + component.getValue());
            }
        }
        return new PublicUpdatePosted(id, shown.name(), text(message, "a message for customers"), Map.copyOf(components), by);
    }

    /**
     * When the next public update is due: the first within {@code first} of declaring, then at
     * least every {@code every} after the last one; empty once the incident is resolved.
     */
    public java.util.Optional<Duration> nextPublicUpdateDue(String id, Duration first, Duration every) {
        Incident incident = get(id);
        if (incident.status() == IncidentStatus.RESOLVED) {
            return java.util.Optional.empty();
        }
        Duration last = null;
        for (Incident.Entry entry : incident.entries()) {
            if (entry.kind().equals("public-update")) {
                last = entry.at();
            }
        }
        return java.util.Optional.of(last == null ? incident.declaredAt().plus(first) : last.plus(every));
    }

    public ActionItemAdded actionItem(String id, String text, String owner, String due, String by) {
        get(id);
        return new ActionItemAdded(id, text(text, "what to do"), text(owner, "an owner"), dueDate(due), by);
    }

    /** A due date is optional; given, it is a real calendar date (the postmortem carries it over). */
    private static String dueDate(String due) {
        String clean = due == null ? "" : due.strip();
        if (!isDueDate(clean)) {
            throw IncidentException.invalid("a due date must be YYYY-MM-DD, not " + clean);
        }
        return clean;
    }

    /** Whether {@code text} is empty (no due date) or a real calendar date as YYYY-MM-DD. */
    public static boolean isDueDate(String text) {
        if (text.isEmpty()) {
            return true;
        }
        try {
            java.time.LocalDate.parse(text);
            return true;
        } catch (java.time.format.DateTimeParseException e) {
            return false;
        }
    }

    private void requireRole(String role) {
        if (!roles.contains(role)) {
            throw IncidentException.invalid("no role " + role + "; roles are " + roles);
        }
    }

    private static String text(String value, String what) {
        if (value == null || value.isBlank()) {
            throw IncidentException.invalid("give " + what);
        }
        if (value.length() > MAX_TEXT) {
            throw IncidentException.invalid(what + " may be at most " + MAX_TEXT + " characters");
        }
        return value.strip();
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String value, String what) {
        try {
            return Enum.valueOf(type, String.valueOf(value).toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw IncidentException.invalid(what + " must be one of " + Arrays.stream(type.getEnumConstants())
                    .map(c -> lower(c)).toList() + ", not " + value);
        }
    }

    private static String lower(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
