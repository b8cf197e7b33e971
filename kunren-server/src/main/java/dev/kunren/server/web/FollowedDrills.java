package dev.kunren.server.web;

import dev.kunren.engine.timeline.EventRecord;
import dev.kunren.engine.timeline.Timeline;
import dev.kunren.engine.timeline.TimelineEvent;
import dev.kunren.server.store.JdbcEventStore;
import dev.kunren.server.store.StoreException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Drills another server runs, followed for the live streams this server serves: each is read
 * from the database once, then again after every commit of its events that PostgreSQL announces
 * ({@code LISTEN}/{@code NOTIFY}), so a browser may stream from whichever server it reached. A
 * drill is followed while someone streams it.
 */
final class FollowedDrills {

    private final JdbcEventStore store;
    private final Clock clock;
    private final Map<String, Followed> followed = new ConcurrentHashMap<>();
    /** How often whether observers see faults is read again while a drill is followed. */
    private static final java.time.Duration SEE_FAULTS_READ_EVERY = java.time.Duration.ofSeconds(2);

    FollowedDrills(JdbcEventStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
        store.onCommittedEvents(this::committed);
    }

    /** A drill another server runs, as stored so far and followed from now on; {@link Followed#close()} when done reading. */
    Followed follow(String drillId) {
        Followed drill = followed.compute(drillId, (id, known) -> {
            Followed f = known != null ? known : new Followed(id);
            f.readers++;
            return f;
        });
        try {
            drill.catchUp();
        } catch (RuntimeException unreadable) {
            drill.close();
            throw unreadable;
        }
        return drill;
    }

    /** New events of a drill were committed (null: of any drill, some may have been missed). */
    private void committed(String drillId) {
        for (Followed drill : drillId == null ? List.copyOf(followed.values()) : java.util.Optional.ofNullable(followed.get(drillId))
                .map(List::of).orElse(List.of())) {
            try {
                drill.catchUp();
            } catch (StoreException unavailable) {
                // read at the next announcement, or when the listening connection is back
            }
        }
    }

    /** One followed drill: a timeline of what was stored, never written to from here. */
    final class Followed implements WatchedDrill, AutoCloseable {
        private final String id;
        private final Timeline timeline;
        private int readers;  // changed only inside followed.compute
        private volatile boolean seeFaults;
        private long seeFaultsRead = System.nanoTime() - SEE_FAULTS_READ_EVERY.toNanos() - 1;
        private volatile boolean ended;

        private Followed(String id) {
            this.id = id;
            this.timeline = new Timeline(id, record -> {
                throw new IllegalStateException("a followed drill is written by the server that runs it");
            }, clock);
        }

        /** Takes what was committed since the last look. */
        private synchronized void catchUp() {
            List<EventRecord> stored = store.events(id, timeline.size());
            timeline.follow(stored);
            ended = ended || stored.stream().anyMatch(r -> r.event() instanceof TimelineEvent.DrillEnded);
            if (System.nanoTime() - seeFaultsRead > SEE_FAULTS_READ_EVERY.toNanos()) {  // a facilitator's choice, not an event
                seeFaults = store.room().observersSeeFaults(id);
                seeFaultsRead = System.nanoTime();
            }
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public Timeline timeline() {
            return timeline;
        }

        @Override
        public boolean observersSeeFaults() {
            return seeFaults;
        }

        @Override
        public boolean ended() {
            return ended;
        }

        /** One reader fewer; the last one lets the drill go. */
        @Override
        public void close() {
            followed.computeIfPresent(id, (key, f) -> --f.readers == 0 ? null : f);
        }
    }
}
