package dev.kunren.engine.report;

import dev.kunren.engine.timeline.EventRecord;
import java.util.Optional;

/**
 * A timeline event in one line, in English or Japanese, exactly as the report's timeline says it:
 * what a team's chat, the report and the debrief show of the same event is one text.
 */
public final class TimelineText {

    private TimelineText() {
    }

    /** The line for {@code record} in {@code language} ({@code en}, {@code ja}); empty for events the timeline leaves out. */
    public static Optional<String> describe(EventRecord record, String language) {
        return EventText.describe(record, Words.of(language));
    }
}
