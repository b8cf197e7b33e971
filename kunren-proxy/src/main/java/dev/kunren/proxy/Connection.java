package dev.kunren.proxy;

import java.util.concurrent.ScheduledExecutorService;

/** What a toxic may do to a whole proxied connection. */
public interface Connection {

    /** Closes both sides normally. */
    void close();

    /** Closes both sides with a TCP reset (RST), as a crashed peer would. */
    void reset();

    /** Writes bytes to the client, between whole writes of the upstream's responses (HTTP toxics answer this way). */
    void respondToClient(byte[] bytes) throws java.io.IOException;

    /** For toxics that act after a while, with or without data flowing. */
    ScheduledExecutorService timers();
}
