package dev.kunren.proxy.toxic;

import dev.kunren.proxy.Connection;
import dev.kunren.proxy.Toxic;
import dev.kunren.proxy.ToxicLink;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Slices each chunk into pieces of {@code averageSize ± sizeVariation} bytes written
 * {@code delayMicros} µs apart, as a slow or fragmenting network would deliver them.
 */
record SlicerToxic(Stream stream, long averageSize, long sizeVariation, long delayMicros, Random random) implements Toxic {

    @Override
    public ToxicLink link(Connection connection) {
        return (data, offset, length, arrived, next) -> {
            int position = offset;
            int end = offset + length;
            while (position < end) {
                long size = averageSize;
                if (sizeVariation > 0) {
                    synchronized (random) {
                        size += random.nextLong(-sizeVariation, sizeVariation + 1);
                    }
                }
                int piece = (int) Math.max(1, Math.min(size, end - position));
                next.write(data, position, piece);
                position += piece;
                if (position < end && delayMicros > 0) {
                    TimeUnit.MICROSECONDS.sleep(delayMicros);
                }
            }
            return true;
        };
    }
}
