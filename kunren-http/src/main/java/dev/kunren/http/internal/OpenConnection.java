package dev.kunren.http.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.time.Duration;

/**
 * One accepted connection as its server sees it: what it is doing, since when, and by when that
 * must be done. Only a connection waiting for a request may give way to a new one.
 */
public final class OpenConnection implements Deadlines.Watched {

    /** What the connection is doing. */
    public enum Phase {
        /** accepted, nothing read yet, or between two requests */
        WAITING,
        /** reading a request's head or body */
        READING,
        /** the handler works, or the response is being written */
        ANSWERING
    }

    private final Socket socket;
    private final InetAddress address;
    private volatile Phase phase = Phase.WAITING;
    private volatile long phaseSince = System.nanoTime();
    private volatile long deadline = Deadlines.NONE;

    public OpenConnection(Socket socket) {
        this.socket = socket;
        this.address = socket.getInetAddress();
    }

    public InetAddress address() {
        return address;
    }

    public Phase phase() {
        return phase;
    }

    public long phaseSince() {
        return phaseSince;
    }

    /** Enters a phase with a time limit from now. */
    public void enter(Phase next, Duration limit) {
        long now = System.nanoTime();
        phase = next;
        phaseSince = now;
        deadline = now + limit.toNanos();
    }

    /** Sets a time limit from now without changing the phase (each write of a stream). */
    public void limit(Duration limit) {
        deadline = System.nanoTime() + limit.toNanos();
    }

    /** No time limit for now: the handler is working, or a stream waits for its next event. */
    public void unlimited(Phase next) {
        phase = next;
        phaseSince = System.nanoTime();
        deadline = Deadlines.NONE;
    }

    public void unlimited() {
        deadline = Deadlines.NONE;
    }

    @Override
    public long deadlineNanos() {
        return deadline;
    }

    @Override
    public void expire() {
        close();
    }

    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing is best effort
        }
    }
}
