package dev.kunren.engine.incident;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One incident as its events tell it: status, severity, roles with their full history,
 * milestones (automatic, with corrections), notes, internal updates and action items.
 * Built by {@link Incidents}; read-only to everyone else.
 */
public final class Incident {

    /** A timeline note, an internal update or an action item, in the order they came. */
    public record Entry(String kind, Duration at, String by, Map<String, String> fields) {
    }

    private final String id;
    private final String title;
    private final List<String> components;
    private final String alertRule;
    private final Duration declaredAt;
    private Severity severity;
    private IncidentStatus status = IncidentStatus.INVESTIGATING;
    private final List<RoleTenure> roles = new ArrayList<>();
    private final Map<Milestone, MilestoneTime> milestones = new EnumMap<>(Milestone.class);
    private final List<Entry> entries = new ArrayList<>();

    Incident(String id, String title, Severity severity, List<String> components, String alertRule, Duration declaredAt) {
        this.id = id;
        this.title = title;
        this.severity = severity;
        this.components = List.copyOf(components);
        this.alertRule = alertRule;
        this.declaredAt = declaredAt;
    }

    public String id() {
        return id;
    }

    public String title() {
        return title;
    }

    public Severity severity() {
        return severity;
    }

    public IncidentStatus status() {
        return status;
    }

    public List<String> components() {
        return components;
    }

    /** The alert it was declared from; empty when declared by hand (human detection). */
    public String alertRule() {
        return alertRule;
    }

    public Duration declaredAt() {
        return declaredAt;
    }

    /** Every tenure of every role, in the order they began. */
    public List<RoleTenure> roleHistory() {
        return List.copyOf(roles);
    }

    /** Who holds a role now. */
    public Optional<String> holder(String role) {
        return roles.stream().filter(t -> t.role().equals(role) && t.until() == null).map(RoleTenure::person).findFirst();
    }

    public Optional<MilestoneTime> milestone(Milestone milestone) {
        return Optional.ofNullable(milestones.get(milestone));
    }

    public Map<Milestone, MilestoneTime> milestones() {
        return Map.copyOf(milestones);
    }

    public List<Entry> entries() {
        return List.copyOf(entries);
    }

    // ---- changes, applied by Incidents as it replays events ----

    void status(IncidentStatus to, Duration at) {
        status = to;
        switch (to) {
            case IDENTIFIED -> reach(Milestone.IDENTIFIED, at);
            case MONITORING -> reach(Milestone.MITIGATED, at);
            case RESOLVED -> milestones.put(Milestone.RESOLVED, new MilestoneTime(Milestone.RESOLVED, at, List.of()));
            case INVESTIGATING -> milestones.remove(Milestone.RESOLVED);
        }
    }

    void severity(Severity to) {
        severity = to;
    }

    /** Sets a milestone the first time it is reached; later occurrences keep the first. */
    void reach(Milestone milestone, Duration at) {
        milestones.putIfAbsent(milestone, new MilestoneTime(milestone, at, List.of()));
    }

    void correct(Milestone milestone, MilestoneTime.Correction correction) {
        MilestoneTime current = milestones.get(milestone);
        List<MilestoneTime.Correction> corrections = new ArrayList<>(current == null ? List.of() : current.corrections());
        corrections.add(correction);
        milestones.put(milestone, new MilestoneTime(milestone, current == null ? null : current.recorded(), List.copyOf(corrections)));
    }

    void assign(String role, String person, String by, Duration at) {
        release(role, at);
        roles.add(new RoleTenure(role, person, at, null, by));
    }

    void release(String role, Duration at) {
        for (int i = 0; i < roles.size(); i++) {
            RoleTenure tenure = roles.get(i);
            if (tenure.role().equals(role) && tenure.until() == null) {
                roles.set(i, new RoleTenure(role, tenure.person(), tenure.from(), at, tenure.assignedBy()));
            }
        }
    }

    void add(Entry entry) {
        entries.add(entry);
    }
}
