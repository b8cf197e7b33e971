package dev.kunren.proxy.toxic;

import dev.kunren.proxy.Connection;
import dev.kunren.proxy.Toxic;
import dev.kunren.proxy.ToxicLink;
import java.util.concurrent.TimeUnit;

/** Delays closing the connection by {@code delay} ms after the sender has closed its side. */
record SlowCloseToxic(Stream stream, long delayMs) implements Toxic {

    @Override
    public ToxicLink link(Connection connection) {
        return new PassThroughLink() {
            @Override
            public void beforeClose() throws InterruptedException {
                TimeUnit.MILLISECONDS.sleep(delayMs);
            }
        };
    }
}
