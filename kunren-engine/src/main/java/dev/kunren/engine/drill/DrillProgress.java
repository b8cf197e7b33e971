package dev.kunren.engine.drill;

import dev.kunren.engine.timeline.TimelineEvent.WindowClosed;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** What a live view shows of one team in a running drill at one tick. */
public record DrillProgress(String team, Duration elapsed, Duration plannedDuration, DrillState state, double score,
                            Optional<WindowClosed> lastWindow, List<String> activeFaults,
                            List<String> firingAlerts) {
}
