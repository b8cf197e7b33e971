package dev.kunren.engine.timeline;

import java.time.Duration;

/** Appends events to a timeline, for the whole drill or on behalf of one team. */
@FunctionalInterface
public interface TimelineWriter {

    EventRecord append(Duration at, TimelineEvent event);
}
