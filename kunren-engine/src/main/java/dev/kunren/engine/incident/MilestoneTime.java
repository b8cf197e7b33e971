package dev.kunren.engine.incident;

import java.time.Duration;
import java.util.List;

/**
 * When a milestone happened: as recorded automatically, and as corrected by hand, each correction
 * kept with who made it and why.
 */
public record MilestoneTime(Milestone milestone, Duration recorded, List<Correction> corrections) {

    /** A correction of a milestone's time. */
    public record Correction(Duration to, String by, String reason, Duration madeAt) {
    }

    /** The time that counts: the latest correction's, else the recorded one. */
    public Duration at() {
        return corrections.isEmpty() ? recorded : corrections.getLast().to();
    }
}
