package dev.kunren.proxy.toxic;

import dev.kunren.proxy.Connection;
import dev.kunren.proxy.Toxic;
import dev.kunren.proxy.ToxicLink;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Stops all data and closes the connection after {@code timeout} ms; with 0 it never closes,
 * and data is held until the toxic is removed.
 */
record TimeoutToxic(Stream stream, long timeoutMs) implements Toxic {

    @Override
    public ToxicLink link(Connection connection) {
        CountDownLatch removed = new CountDownLatch(1);
        ScheduledFuture<?> close = timeoutMs > 0
                ? connection.timers().schedule(connection::close, timeoutMs, TimeUnit.MILLISECONDS) : null;
        return new ToxicLink() {
            @Override
            public boolean pass(byte[] data, int offset, int length, long arrived, ChunkWriter next)
                    throws java.io.IOException, InterruptedException {
                removed.await();
                next.write(data, offset, length);
                return true;
            }

            @Override
            public void cancel() {
                if (close != null) {
                    close.cancel(false);
                }
                removed.countDown();
            }
        };
    }
}
