package dev.kunren.engine.traffic;

import java.io.IOException;
import java.util.Random;

/**
 * What a {@link TrafficGenerator}'s customers ask: the practice shop's mix of pages and
 * checkouts, or a probe of the team's own service. {@code pick} chooses the next request on the
 * pacer's thread; {@code send} sends it on a request's own thread and says how it went.
 */
public interface Requests {

    /** A request chosen at random, as an opaque value handed back to {@link #send}. */
    Object pick(Random random);

    /** Sends it, waiting at most the customer's patience; returns the outcome (a failure is an outcome too). */
    RequestOutcome send(Object request, long startNanos) throws IOException;

    /** The outcome of a request whose connection broke or timed out. */
    RequestOutcome broken(Object request, long startNanos);
}
