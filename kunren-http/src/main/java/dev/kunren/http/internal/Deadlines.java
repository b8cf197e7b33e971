package dev.kunren.http.internal;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Enforces every open connection's current deadline from one daemon thread: a connection past its
 * deadline is closed, which ends whatever read or write its own thread is blocked in. One thread
 * for the whole process, however many servers and connections, and no per-read timer.
 */
public final class Deadlines {

    /** A {@link Watched#deadlineNanos()} that means "none for now". */
    public static final long NONE = Long.MIN_VALUE;

    /** Something with a deadline, in {@link System#nanoTime()} terms, or {@link #NONE}. */
    public interface Watched {
        long deadlineNanos();

        void expire();
    }

    static final long TICK_MILLIS = 50;
    private static final Set<Watched> WATCHED = ConcurrentHashMap.newKeySet();
    private static volatile Thread reaper;

    private Deadlines() {
    }

    public static void watch(Watched watched) {
        WATCHED.add(watched);
        if (reaper == null) {
            startReaper();
        }
    }

    public static void unwatch(Watched watched) {
        WATCHED.remove(watched);
    }

    private static synchronized void startReaper() {
        if (reaper == null) {
            reaper = Thread.ofPlatform().name("kunren-http-deadlines").daemon().start(Deadlines::reap);
        }
    }

    private static void reap() {
        while (true) {
            long now = System.nanoTime();
            for (Watched watched : WATCHED) {
                long deadline = watched.deadlineNanos();
                if (deadline != NONE && now - deadline > 0) {
                    WATCHED.remove(watched);
                    watched.expire();
                }
            }
            try {
                TimeUnit.MILLISECONDS.sleep(TICK_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }
}
