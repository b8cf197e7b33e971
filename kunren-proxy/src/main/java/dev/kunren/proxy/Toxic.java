package dev.kunren.proxy;

/**
 * A fault on one direction of a proxy's connections, in Toxiproxy's sense: latency, bandwidth,
 * slicer, timeout... A toxic is shared by every connection; {@link #link} gives the behaviour it
 * has on one connection, with that connection's own state (bytes counted, timers).
 */
public interface Toxic {

    /** Which way the bytes flow: towards the upstream server, or back to the client. */
    enum Stream { UPSTREAM, DOWNSTREAM }

    Stream stream();

    /** The toxic's behaviour on one connection, created when the two first meet. */
    ToxicLink link(Connection connection);
}
