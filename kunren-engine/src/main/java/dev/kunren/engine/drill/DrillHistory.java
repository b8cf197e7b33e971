package dev.kunren.engine.drill;

import dev.kunren.engine.timeline.EventRecord;
import dev.kunren.engine.timeline.TimelineEvent.DrillEnded;
import dev.kunren.engine.timeline.TimelineEvent.DrillStarted;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;

/**
 * The timeline of a drill whose process stopped before the drill ended (a crash, {@code kill -9}):
 * what {@link Drill#continueFrom} rebuilds the drill from.
 */
public final class DrillHistory {

    private final List<EventRecord> records;
    private final DrillStarted started;
    private final Duration stoppedAt;

    private DrillHistory(List<EventRecord> records, DrillStarted started) {
        this.records = List.copyOf(records);
        this.started = started;
        this.stoppedAt = records.stream().map(EventRecord::at).max(Comparator.naturalOrder()).orElse(Duration.ZERO);
    }

    /**
     * The history of a drill that started and did not end.
     *
     * @throws IllegalArgumentException naming why the drill cannot be taken back
     */
    public static DrillHistory of(List<EventRecord> records) {
        if (records.stream().anyMatch(r -> r.event() instanceof DrillEnded)) {
            throw new IllegalArgumentException("the drill has ended; only a drill its process left running can be taken back");
        }
        DrillStarted started = records.stream().map(EventRecord::event).filter(DrillStarted.class::isInstance)
                .map(DrillStarted.class::cast).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("the drill never started; start it anew"));
        return new DrillHistory(records, started);
    }

    /** How the drill began: its scenario, seed, speed and teams. */
    public DrillStarted started() {
        return started;
    }

    /** The last drill time the timeline holds: where the drill goes on from. */
    public Duration stoppedAt() {
        return stoppedAt;
    }

    TeamRecord team(String team) {
        return new TeamRecord(records.stream().filter(r -> r.team().equals(team)).toList());
    }
}
