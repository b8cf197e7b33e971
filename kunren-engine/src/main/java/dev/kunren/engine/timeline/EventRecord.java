package dev.kunren.engine.timeline;

import java.time.Duration;
import java.time.Instant;

/**
 * One event as the timeline recorded it.
 *
 * @param seq        position in the drill's timeline, from 1, without gaps
 * @param team       the team whose environment or response it concerns; empty for the whole drill
 * @param at         drill time of the fact
 * @param recordedAt wall-clock time it was recorded
 */
public record EventRecord(String drillId, long seq, String team, Duration at, Instant recordedAt, TimelineEvent event) {

    public static final String WHOLE_DRILL = "";

    /** Whether a team sees this event as its own: its own events and the whole drill's. */
    public boolean concerns(String someTeam) {
        return team.isEmpty() || team.equals(someTeam);
    }
}
