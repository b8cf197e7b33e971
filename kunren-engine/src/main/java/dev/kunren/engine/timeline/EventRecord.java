package dev.kunren.engine.timeline;

import java.time.Duration;
import java.time.Instant;

/**
 * One event as the timeline recorded it.
 *
 * @param seq        position in the drill's timeline, from 1, without gaps
 * @param at         drill time of the fact
 * @param recordedAt wall-clock time it was recorded
 */
public record EventRecord(String drillId, long seq, Duration at, Instant recordedAt, TimelineEvent event) {
}
