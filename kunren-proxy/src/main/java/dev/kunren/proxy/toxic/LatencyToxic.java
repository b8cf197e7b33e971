package dev.kunren.proxy.toxic;

import dev.kunren.proxy.Connection;
import dev.kunren.proxy.Toxic;
import dev.kunren.proxy.ToxicLink;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/** Delays every chunk by {@code latency ± jitter} ms, counted from when the chunk arrived. */
record LatencyToxic(Stream stream, long latencyMs, long jitterMs, Random random) implements Toxic {

    /** How long before the due time a delayed chunk stops sleeping and starts spinning. */
    private static final long SPIN_NANOS = TimeUnit.MICROSECONDS.toNanos(500);

    @Override
    public ToxicLink link(Connection connection) {
        return (data, offset, length, arrived, next) -> {
            long delay = TimeUnit.MILLISECONDS.toNanos(latencyMs);
            if (jitterMs > 0) {
                synchronized (random) {
                    delay += (long) ((random.nextDouble() * 2 - 1) * TimeUnit.MILLISECONDS.toNanos(jitterMs));
                }
            }
            long due = arrived + Math.max(0, delay);
            long wait = due - System.nanoTime() - SPIN_NANOS;
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            // a sleeping virtual thread wakes up to a millisecond late; spin the last stretch
            while (System.nanoTime() - due < 0) {
                Thread.onSpinWait();
            }
            next.write(data, offset, length);
            return true;
        };
    }
}
