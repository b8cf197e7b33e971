package dev.kunren.engine.timeline;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A drill's ordered, append-only record of facts. Appending numbers the event, keeps drill times
 * non-decreasing, writes it through to the sink (the store) and tells the subscribers.
 */
public final class Timeline implements TimelineWriter {

    private final String drillId;
    private final EventSink sink;
    private final Clock wallClock;
    private final List<EventRecord> records = new ArrayList<>();
    private final List<Consumer<EventRecord>> subscribers = new CopyOnWriteArrayList<>();
    private Duration lastAt = Duration.ZERO;

    public Timeline(String drillId, EventSink sink, Clock wallClock) {
        this.drillId = drillId;
        this.sink = sink;
        this.wallClock = wallClock;
    }

    public String drillId() {
        return drillId;
    }

    /**
     * Records {@code event} at drill time {@code at} (or at the last event's time, if that is later).
     * Wall-clock times keep microseconds, which every supported database stores exactly.
     */
    @Override
    public EventRecord append(Duration at, TimelineEvent event) {
        return append(EventRecord.WHOLE_DRILL, at, event);
    }

    /** Records an event of one team's environment or response. */
    public EventRecord append(String team, Duration at, TimelineEvent event) {
        EventRecord record;
        synchronized (this) {
            lastAt = at.compareTo(lastAt) > 0 ? at : lastAt;
            record = new EventRecord(drillId, records.size() + 1L, team, lastAt,
                    wallClock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS), event);
            sink.write(record);
            records.add(record);
        }
        subscribers.forEach(s -> s.accept(record));
        return record;
    }

    /** A writer that appends on behalf of {@code team}. */
    public TimelineWriter forTeam(String team) {
        return (at, event) -> append(team, at, event);
    }

    public synchronized List<EventRecord> records() {
        return List.copyOf(records);
    }

    /** Calls {@code subscriber} with every event appended from now on; closing the result stops it. */
    public AutoCloseable subscribe(Consumer<EventRecord> subscriber) {
        subscribers.add(subscriber);
        return () -> subscribers.remove(subscriber);
    }
}
