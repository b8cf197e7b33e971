package dev.kunren.proxy.toxic;

import dev.kunren.proxy.Connection;
import dev.kunren.proxy.Toxic;
import dev.kunren.proxy.ToxicLink;
import java.util.concurrent.TimeUnit;

/** Delays closing the connection by {@code delay} ms after the sender has closed its side. */
record SlowCloseToxic(Stream stream, long delayMs) implements Toxic {

    @Override
    public ToxicLink link(Connection connection) {
        return new ToxicLink() {
            @Override
            public boolean pass(byte[] data, int offset, int length, long arrived, ChunkWriter next)
                    throws java.io.IOException, InterruptedException {
                next.write(data, offset, length);
                return true;
            }

            @Override
            public void beforeClose() throws InterruptedException {
                TimeUnit.MILLISECONDS.sleep(delayMs);
            }
        };
    }
}
