package dev.kunren.engine.incident;

import java.util.EnumSet;
import java.util.Set;

/**
 * Where an incident stands, as a status page says it. Moves are explicit: forward as the team
 * learns more, back when a fix does not hold, and a resolved incident only by reopening it.
 */
public enum IncidentStatus {
    INVESTIGATING, IDENTIFIED, MONITORING, RESOLVED;

    /** The statuses this one may move to. */
    public Set<IncidentStatus> next() {
        return switch (this) {
            case INVESTIGATING -> EnumSet.of(IDENTIFIED, MONITORING, RESOLVED);
            case IDENTIFIED -> EnumSet.of(INVESTIGATING, MONITORING, RESOLVED);
            case MONITORING -> EnumSet.of(INVESTIGATING, IDENTIFIED, RESOLVED);
            case RESOLVED -> EnumSet.of(INVESTIGATING);
        };
    }
}
