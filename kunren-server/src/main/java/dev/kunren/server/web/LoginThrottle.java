package dev.kunren.server.web;

import dev.kunren.server.http.Problem;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * Slows password and join-code guessing: after 20 failures from one address within a minute,
 * that address's sign-ins wait. Counting per address keeps one guesser from locking everyone out.
 */
final class LoginThrottle {

    private static final int LIMIT = 20;
    private static final long WINDOW_NANOS = 60_000_000_000L;
    private final Map<String, Deque<Long>> failures = new HashMap<>();

    synchronized void check(String address) {
        if (prune(address).size() >= LIMIT) {
            throw new Problem(429, "Too many attempts", "too many failed sign-ins; try again in a minute");
        }
    }

    synchronized void failed(String address) {
        prune(address).addLast(System.nanoTime());
    }

    private Deque<Long> prune(String address) {
        if (failures.size() > 10_000) {
            failures.clear();
        }
        Deque<Long> times = failures.computeIfAbsent(address, a -> new ArrayDeque<>());
        long now = System.nanoTime();
        while (!times.isEmpty() && now - times.peekFirst() > WINDOW_NANOS) {
            times.removeFirst();
        }
        return times;
    }
}
