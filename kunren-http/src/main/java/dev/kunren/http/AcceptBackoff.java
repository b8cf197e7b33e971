package dev.kunren.http;

/**
 * The pause between failed accepts of a server socket that is still open: 1 ms, doubling to
 * 100 ms, reset by a successful accept. Out of file descriptors, an accept loop that retried at
 * once would spin on both cores and starve the very threads that would free them.
 */
public final class AcceptBackoff {

    static final long MAX_MILLIS = 100;
    private long millis;

    public void succeeded() {
        millis = 0;
    }

    /** Waits before the next attempt; false if interrupted (the loop should stop). */
    public boolean failed() {
        millis = Math.min(MAX_MILLIS, Math.max(1, millis * 2));
        try {
            Thread.sleep(millis);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    long nextMillis() {
        return millis;
    }
}
