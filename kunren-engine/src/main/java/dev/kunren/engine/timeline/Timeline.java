package dev.kunren.engine.timeline;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * A drill's ordered, append-only record of facts. Appending numbers the event, keeps drill times
 * non-decreasing, hands it to the sink (the store, which must not block: it queues) and tells the
 * subscribers.
 *
 * <p>Subscribers see every event in sequence order, one at a time, whatever the number of
 * threads appending: numbering and queueing for delivery are one step under the timeline's lock,
 * and one thread at a time delivers the queue in order (whoever appends while another delivers
 * leaves its event to that one). A subscriber is called outside the timeline's lock, so it may
 * append in turn.
 */
public final class Timeline implements TimelineWriter {

    private final String drillId;
    private final EventSink sink;
    private final Clock wallClock;
    private final List<EventRecord> records = new ArrayList<>();
    private final List<Consumer<EventRecord>> subscribers = new CopyOnWriteArrayList<>();
    private final Queue<EventRecord> undelivered = new ArrayDeque<>();
    private final ReentrantLock delivering = new ReentrantLock();
    /** Completed, and replaced, at every append: what readers waiting for the next event wait on. */
    private CompletableFuture<Void> arrival = new CompletableFuture<>();
    private Duration lastAt = Duration.ZERO;

    public Timeline(String drillId, EventSink sink, Clock wallClock) {
        this.drillId = drillId;
        this.sink = sink;
        this.wallClock = wallClock;
    }

    /**
     * The timeline of a drill whose events so far were recorded before (by a server that stopped):
     * they are its first records, not written again, and the next event follows the last of them.
     */
    public static Timeline continuing(String drillId, EventSink sink, Clock wallClock, List<EventRecord> recorded) {
        Timeline timeline = new Timeline(drillId, sink, wallClock);
        for (EventRecord record : recorded) {
            if (record.seq() != timeline.records.size() + 1L) {
                throw new IllegalArgumentException("drill " + drillId + " has a gap in its stored timeline before event " + record.seq());
            }
            timeline.records.add(record);
            timeline.lastAt = record.at().compareTo(timeline.lastAt) > 0 ? record.at() : timeline.lastAt;
        }
        return timeline;
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
        CompletableFuture<Void> arrived;
        synchronized (this) {
            lastAt = at.compareTo(lastAt) > 0 ? at : lastAt;
            record = new EventRecord(drillId, records.size() + 1L, team, lastAt,
                    wallClock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS), event);
            sink.write(record);
            records.add(record);
            undelivered.add(record);
            arrived = arrival;
            arrival = new CompletableFuture<>();
        }
        arrived.complete(null);
        deliver();
        return record;
    }

    /**
     * Takes events another process recorded and stored, for a reader of a drill run elsewhere:
     * those already held are skipped, none is written again, and a gap (an event not yet read)
     * stops the taking, so the timeline stays 1..N.
     *
     * @return how many were taken
     */
    public int follow(List<EventRecord> stored) {
        int taken = 0;
        CompletableFuture<Void> arrived;
        synchronized (this) {
            for (EventRecord record : stored) {
                if (record.seq() <= records.size()) {
                    continue;
                }
                if (record.seq() != records.size() + 1L) {
                    break;
                }
                records.add(record);
                undelivered.add(record);
                lastAt = record.at().compareTo(lastAt) > 0 ? record.at() : lastAt;
                taken++;
            }
            if (taken == 0) {
                return 0;
            }
            arrived = arrival;
            arrival = new CompletableFuture<>();
        }
        arrived.complete(null);
        deliver();
        return taken;
    }

    /**
     * Delivers queued events in order, unless another thread is doing so (it will deliver ours
     * too), or this thread is, from a subscriber that appended: its loop goes on after the event
     * in hand has reached every subscriber.
     */
    private void deliver() {
        if (delivering.isHeldByCurrentThread()) {
            return;
        }
        while (delivering.tryLock()) {
            try {
                EventRecord next;
                while ((next = nextUndelivered()) != null) {
                    for (Consumer<EventRecord> subscriber : subscribers) {
                        tell(subscriber, next);
                    }
                }
            } finally {
                delivering.unlock();
            }
            // an event queued between our last look and the unlock would wait for the next append: look again
            synchronized (this) {
                if (undelivered.isEmpty()) {
                    return;
                }
            }
        }
    }

    /** One subscriber's failure is its own: the others, and the appender, go on. */
    private static void tell(Consumer<EventRecord> subscriber, EventRecord record) {
        try {
            subscriber.accept(record);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "a timeline subscriber failed on event " + record.seq() + ": " + e, e);
        }
    }

    private static final System.Logger LOG = System.getLogger(Timeline.class.getName());

    private synchronized EventRecord nextUndelivered() {
        return undelivered.poll();
    }

    /** A writer that appends on behalf of {@code team}. */
    public TimelineWriter forTeam(String team) {
        return (at, event) -> append(team, at, event);
    }

    public synchronized List<EventRecord> records() {
        return List.copyOf(records);
    }

    /**
     * The event numbered {@code seq}, waiting at most {@code wait} for it to be appended; null if
     * it was not by then. A reader is a cursor over the timeline, holding nothing of its own: a
     * slow one (a live stream to a slow browser) falls behind without costing memory or losing an
     * event, and catches up at its own pace.
     */
    public EventRecord await(long seq, Duration wait) throws InterruptedException {
        if (seq < 1) {
            throw new IllegalArgumentException("events are numbered from 1, not " + seq);
        }
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            CompletableFuture<Void> next;
            synchronized (this) {
                if (records.size() >= seq) {
                    return records.get((int) (seq - 1));
                }
                next = arrival;
            }
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                return null;
            }
            try {
                next.get(remaining, TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                return null;
            } catch (ExecutionException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** How many events it holds: the last sequence number. */
    public synchronized long size() {
        return records.size();
    }

    /** Calls {@code subscriber} with every event appended from now on; closing the result stops it. */
    public AutoCloseable subscribe(Consumer<EventRecord> subscriber) {
        subscribers.add(subscriber);
        return () -> subscribers.remove(subscriber);
    }
}
