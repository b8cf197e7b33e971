package dev.kunren.engine.traffic;

import java.lang.management.ManagementFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How many customer requests every team's traffic together may keep in flight in this process.
 * Each one holds about {@link #DESCRIPTORS_PER_REQUEST} file descriptors (both ends of the
 * customer's connection, the load balancer's and the proxy's to a web server, all in this
 * process), so an overloaded machine running many teams would otherwise run out of them — and a
 * process with no descriptor left cannot even accept the connection that would let it recover.
 * The budget is a tenth of the descriptor limit, shared equally by the generators running now;
 * a request beyond its share counts as failed, as a customer who gives up would.
 */
final class InFlightBudget {

    static final int DESCRIPTORS_PER_REQUEST = 10;
    /** Never fewer per team: a normal drill keeps a few dozen requests in flight at most. */
    static final int MIN_SHARE = 64;
    static final int MAX_SHARE = 4096;

    private static final int TOTAL = total(descriptorLimit());
    private static final AtomicInteger GENERATORS = new AtomicInteger();

    private InFlightBudget() {
    }

    static void join() {
        GENERATORS.incrementAndGet();
    }

    static void leave() {
        GENERATORS.decrementAndGet();
    }

    /** One generator's share of the budget now. */
    static int share() {
        return share(TOTAL, GENERATORS.get());
    }

    static int share(int total, int generators) {
        return Math.clamp(total / Math.max(1, generators), MIN_SHARE, MAX_SHARE);
    }

    static int total(long descriptorLimit) {
        return descriptorLimit <= 0 ? MAX_SHARE : (int) Math.min(Integer.MAX_VALUE, descriptorLimit / DESCRIPTORS_PER_REQUEST);
    }

    /** The process's limit on open files, or 0 where the JVM cannot tell. */
    private static long descriptorLimit() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.UnixOperatingSystemMXBean unix
                ? unix.getMaxFileDescriptorCount() : 0;
    }
}
