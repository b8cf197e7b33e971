package dev.kunren.proxy.toxic;

import dev.kunren.proxy.Connection;
import dev.kunren.proxy.Toxic;
import dev.kunren.proxy.ToxicLink;
import java.util.concurrent.TimeUnit;

/**
 * Limits a connection's direction to {@code rate} KB/s (1 KB = 1000 bytes, as Toxiproxy counts),
 * writing at most 100 ms worth of bytes at a time.
 */
record BandwidthToxic(Stream stream, long rateKbPerSecond) implements Toxic {

    @Override
    public ToxicLink link(Connection connection) {
        long bytesPerSecond = rateKbPerSecond * 1000;
        long[] budgetStart = {System.nanoTime()};
        long[] sent = {0};
        return (data, offset, length, arrived, next) -> {
            int position = offset;
            int end = offset + length;
            int slice = (int) Math.max(1, Math.min(Integer.MAX_VALUE, bytesPerSecond / 10));
            while (position < end) {
                int size = Math.min(slice, end - position);
                // pace against a running schedule, so sleeping's overshoot does not add up
                long due = budgetStart[0] + (long) ((sent[0] + size) * 1e9 / bytesPerSecond);
                long now = System.nanoTime();
                if (due - now > 0) {
                    TimeUnit.NANOSECONDS.sleep(due - now);
                } else if (now - due > TimeUnit.SECONDS.toNanos(1)) {
                    budgetStart[0] = now;  // an idle connection does not bank a burst
                    sent[0] = 0;
                }
                next.write(data, position, size);
                sent[0] += size;
                position += size;
            }
            return true;
        };
    }
}
