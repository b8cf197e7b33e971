package dev.kunren.engine.drill;

import dev.kunren.engine.timeline.TimelineEvent.WindowClosed;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** What a live view shows of a running drill at one tick. */
public record DrillProgress(Duration elapsed, Duration plannedDuration, DrillState state, double score,
                            Optional<WindowClosed> lastWindow, List<String> activeFaults,
                            List<String> firingAlerts) {
}
