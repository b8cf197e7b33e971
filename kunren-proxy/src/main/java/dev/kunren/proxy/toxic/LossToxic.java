package dev.kunren.proxy.toxic;

import dev.kunren.proxy.Connection;
import dev.kunren.proxy.Toxic;
import dev.kunren.proxy.ToxicLink;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Packet loss as a TCP connection lives it: a lost segment is not gone, it arrives late, after
 * a retransmission timeout. Each chunk is "lost" with probability {@code percent}% and then
 * delivered only after {@code stall} ms; the byte stream stays intact.
 */
record LossToxic(Stream stream, long percent, long stallMs, Random random) implements Toxic {

    @Override
    public ToxicLink link(Connection connection) {
        return (data, offset, length, arrived, next) -> {
            boolean lost;
            synchronized (random) {
                lost = random.nextInt(100) < percent;
            }
            if (lost) {
                TimeUnit.MILLISECONDS.sleep(stallMs);
            }
            next.write(data, offset, length);
            return true;
        };
    }
}
