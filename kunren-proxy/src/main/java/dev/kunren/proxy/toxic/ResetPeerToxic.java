package dev.kunren.proxy.toxic;

import dev.kunren.proxy.Connection;
import dev.kunren.proxy.Toxic;
import dev.kunren.proxy.ToxicLink;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/** Resets the connection (TCP RST) after {@code timeout} ms, or at once with 0. */
record ResetPeerToxic(Stream stream, long timeoutMs) implements Toxic {

    @Override
    public ToxicLink link(Connection connection) {
        ScheduledFuture<?> reset = connection.timers().schedule(connection::reset, timeoutMs, TimeUnit.MILLISECONDS);
        return new PassThroughLink() {
            @Override
            public void cancel() {
                reset.cancel(false);
            }
        };
    }
}
