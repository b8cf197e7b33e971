package dev.kunren.proxy;

import java.io.IOException;

/** What one toxic does to one direction of one connection. */
public interface ToxicLink {

    /** Writes bytes on towards the next toxic, or the socket. */
    @FunctionalInterface
    interface ChunkWriter {
        void write(byte[] data, int offset, int length) throws IOException, InterruptedException;
    }

    /**
     * Passes a chunk read at {@code arrivedNanos} on through {@code next}: possibly delayed,
     * sliced, held or cut short. Returns false to close the connection.
     */
    boolean pass(byte[] data, int offset, int length, long arrivedNanos, ChunkWriter next)
            throws IOException, InterruptedException;

    /** Called when the sending side has closed, before the proxy closes the other side. */
    default void beforeClose() throws InterruptedException {
    }

    /** The toxic was removed (or the connection ended): release anything held, cancel timers. */
    default void cancel() {
    }

    /** A link that passes every chunk unchanged: a toxic whose toxicity did not pick this connection. */
    ToxicLink PASS = (data, offset, length, arrived, next) -> {
        next.write(data, offset, length);
        return true;
    };
}
