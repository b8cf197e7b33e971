package dev.kunren.server.web;

import dev.kunren.server.http.Problem;
import java.util.ArrayDeque;
import java.util.Deque;

/** Slows password and join-code guessing: after 20 failures within a minute, sign-ins wait. */
final class LoginThrottle {

    private static final int LIMIT = 20;
    private static final long WINDOW_NANOS = 60_000_000_000L;
    private final Deque<Long> failures = new ArrayDeque<>();

    synchronized void check() {
        prune();
        if (failures.size() >= LIMIT) {
            throw new Problem(429, "Too many attempts", "too many failed sign-ins; try again in a minute");
        }
    }

    synchronized void failed() {
        failures.addLast(System.nanoTime());
        prune();
    }

    private void prune() {
        long now = System.nanoTime();
        while (!failures.isEmpty() && now - failures.peekFirst() > WINDOW_NANOS) {
            failures.removeFirst();
        }
    }
}
