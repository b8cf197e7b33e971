package dev.kunren.proxy.toxic;

import dev.kunren.proxy.Connection;
import dev.kunren.proxy.Toxic;
import dev.kunren.proxy.ToxicLink;

/** Closes the connection once {@code bytes} bytes have passed in this direction. */
record LimitDataToxic(Stream stream, long bytes) implements Toxic {

    @Override
    public ToxicLink link(Connection connection) {
        long[] passed = {0};
        return (data, offset, length, arrived, next) -> {
            long allowed = Math.min(length, bytes - passed[0]);
            if (allowed > 0) {
                next.write(data, offset, (int) allowed);
                passed[0] += allowed;
            }
            return passed[0] < bytes;
        };
    }
}
