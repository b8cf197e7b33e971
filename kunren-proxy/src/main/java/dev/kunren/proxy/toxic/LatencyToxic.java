package dev.kunren.proxy.toxic;

import dev.kunren.proxy.Connection;
import dev.kunren.proxy.Toxic;
import dev.kunren.proxy.ToxicLink;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/** Delays every chunk by {@code latency ± jitter} ms, counted from when the chunk arrived. */
record LatencyToxic(Stream stream, long latencyMs, long jitterMs, Random random) implements Toxic {

    @Override
    public ToxicLink link(Connection connection) {
        return (data, offset, length, arrived, next) -> {
            long delay = TimeUnit.MILLISECONDS.toNanos(latencyMs);
            if (jitterMs > 0) {
                synchronized (random) {
                    delay += (long) ((random.nextDouble() * 2 - 1) * TimeUnit.MILLISECONDS.toNanos(jitterMs));
                }
            }
            long wait = arrived + Math.max(0, delay) - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            next.write(data, offset, length);
            return true;
        };
    }
}
