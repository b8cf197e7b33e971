package dev.kunren.server.store;

import dev.kunren.engine.timeline.EventRecord;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * Writes timeline events to the database on its own thread, in order, in batches, so no drill
 * ever waits for a disk or a network. While the database is unavailable (restarted, a connection
 * killed, the disk full) events wait here, in order, and are written when it is back; nothing is
 * lost and the drill goes on. The wait is bounded: past {@link #MAX_WAITING} events, whoever
 * listens ({@link #onOverflow}) halts its drills, which then stop producing them.
 */
final class EventWriter implements AutoCloseable {

    /** About two hours of a twenty-team drill's events. */
    static final int MAX_WAITING = 200_000;
    private static final int BATCH = 500;
    private static final Duration FIRST_RETRY = Duration.ofMillis(100);
    private static final Duration LAST_RETRY = Duration.ofSeconds(2);
    private static final System.Logger LOG = System.getLogger(EventWriter.class.getName());

    /** Writes a batch, all or nothing; a batch may be written again after an ambiguous failure. */
    interface BatchInsert {
        void insert(List<EventRecord> batch) throws java.sql.SQLException;
    }

    private final BatchInsert insert;
    private final Clock clock;
    private final UnaryOperator<String> explain;
    private final ArrayDeque<EventRecord> waiting = new ArrayDeque<>();
    private final List<Consumer<StoreHealth>> overflowListeners = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private StoreHealth health = StoreHealth.AVAILABLE;
    private boolean overflowed;
    private boolean closing;

    /** {@code explain} adds what the store knows of a failed write's cause (a full disk) to the database's words. */
    EventWriter(BatchInsert insert, Clock clock, UnaryOperator<String> explain) {
        this.insert = insert;
        this.clock = clock;
        this.explain = explain;
        this.thread = Thread.ofPlatform().name("kunren-store-writer").daemon().start(this::run);
    }

    /** Queues an event; never blocks and never fails (the store's health says how writing goes). */
    void write(EventRecord record) {
        StoreHealth full = null;
        synchronized (this) {
            waiting.addLast(record);
            if (waiting.size() > MAX_WAITING && !overflowed) {
                overflowed = true;
                full = health();
            }
            notifyAll();
        }
        if (full != null) {
            // on a thread of its own: the caller appends under its timeline's lock, and halting takes timelines' locks
            StoreHealth now = full;
            Thread.ofPlatform().name("kunren-store-overflow").daemon().start(() -> overflowListeners.forEach(l -> l.accept(now)));
        }
    }

    /** Called once when too many events wait: the listener stops what produces them. */
    void onOverflow(Consumer<StoreHealth> listener) {
        overflowListeners.add(listener);
    }

    synchronized StoreHealth health() {
        return health.withWaiting(waiting.size());
    }

    /** Waits, at most {@code bound}, until every event queued so far is written; false if some still wait. */
    synchronized boolean flush(Duration bound) throws InterruptedException {
        long deadline = System.nanoTime() + bound.toNanos();
        while (!waiting.isEmpty()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }

    private void run() {
        Duration retry = FIRST_RETRY;
        while (true) {
            List<EventRecord> batch;
            synchronized (this) {
                while (waiting.isEmpty() && !closing) {
                    waitQuietly(0);
                }
                if (waiting.isEmpty()) {
                    return;
                }
                batch = new ArrayList<>(Math.min(BATCH, waiting.size()));
                var it = waiting.iterator();
                while (it.hasNext() && batch.size() < BATCH) {
                    batch.add(it.next());
                }
            }
            try {
                insert.insert(batch);
                synchronized (this) {
                    for (int i = 0; i < batch.size(); i++) {
                        waiting.removeFirst();
                    }
                    if (!health.available()) {
                        LOG.log(System.Logger.Level.WARNING, "the store is available again; every waiting event was kept");
                    }
                    health = StoreHealth.AVAILABLE;
                    overflowed = overflowed && waiting.size() > MAX_WAITING / 2;
                    notifyAll();
                }
                retry = FIRST_RETRY;
            } catch (java.sql.SQLException | RuntimeException e) {
                synchronized (this) {
                    if (health.available()) {
                        String problem = explain.apply(String.valueOf(e.getMessage()));
                        LOG.log(System.Logger.Level.WARNING, "the store is unavailable (" + problem
                                + "); events wait in order and are written when it is back");
                        health = StoreHealth.unavailable(clock.instant(), problem);
                    }
                    if (closing) {
                        return;
                    }
                    waitQuietly(retry.toMillis());
                }
                retry = retry.multipliedBy(2).compareTo(LAST_RETRY) > 0 ? LAST_RETRY : retry.multipliedBy(2);
            }
        }
    }

    private void waitQuietly(long millis) {
        try {
            wait(millis);
        } catch (InterruptedException e) {
            closing = true;
        }
    }

    /** What could not be written before closing (the database was still unavailable). */
    synchronized List<EventRecord> unwritten() {
        return List.copyOf(waiting);
    }

    /** Stops after one more try at what waits; {@link #unwritten()} says what is left. */
    @Override
    public void close() {
        synchronized (this) {
            closing = true;
            notifyAll();
        }
        try {
            thread.join(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
