package dev.kunren.proxy;

/**
 * A fault applied to the bytes flowing through one direction of a proxied connection.
 *
 * <p>A toxic is called once per chunk, on the thread that moves that chunk, before the chunk is
 * written on. It may delay (by blocking) or ask for the connection to be dropped.
 */
public interface Toxic {

    /** Which way the bytes flow: towards the upstream server, or back to the client. */
    enum Stream { UPSTREAM, DOWNSTREAM }

    Stream stream();

    /**
     * Called before a chunk read at {@code arrivedNanos} ({@link System#nanoTime()}) is written on.
     *
     * @return true to pass the chunk on, false to close the connection
     */
    boolean onChunk(long arrivedNanos, int length) throws InterruptedException;
}
