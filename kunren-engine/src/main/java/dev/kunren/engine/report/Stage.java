package dev.kunren.engine.report;

import java.time.Duration;

/**
 * One stage of a team's response, measured on the drill's ground truth.
 *
 * @param key  stable name, for comparisons across drills ({@code time-to-detect}, …)
 * @param from what the time is measured from, in words ("the first fault's start")
 * @param at   drill time the stage was reached; null when it was not
 * @param took {@code at} minus the start it is measured from; null when not reached
 * @param note how it was reached, or why it was not ("no alert fired", "corrected by Aiko: …")
 */
public record Stage(String key, String label, String from, Duration at, Duration took, String note) {

    public boolean reached() {
        return took != null;
    }
}
