package dev.kunren.proxy;

import java.time.Duration;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Delays every chunk by {@code latency ± jitter}, measured from when the chunk arrived, as
 * Toxiproxy's {@code latency} toxic does.
 */
public record LatencyToxic(Stream stream, Duration latency, Duration jitter, Random random) implements Toxic {

    public LatencyToxic {
        if (latency.isNegative()) {
            throw new IllegalArgumentException("latency must be >= 0ms, but was " + latency.toMillis() + "ms");
        }
        if (jitter.isNegative()) {
            throw new IllegalArgumentException("jitter must be >= 0ms, but was " + jitter.toMillis() + "ms");
        }
    }

    @Override
    public boolean onChunk(long arrivedNanos, int length) throws InterruptedException {
        long delay = latency.toNanos();
        long jitterNanos = jitter.toNanos();
        if (jitterNanos > 0) {
            synchronized (random) {
                delay += (long) ((random.nextDouble() * 2 - 1) * jitterNanos);
            }
        }
        long wait = arrivedNanos + Math.max(0, delay) - System.nanoTime();
        if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
        }
        return true;
    }
}
