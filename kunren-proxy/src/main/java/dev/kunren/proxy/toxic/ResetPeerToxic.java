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
        if (timeoutMs == 0) {
            return resetAtOnce(connection);
        }
        ScheduledFuture<?> reset = connection.timers().schedule(connection::reset, timeoutMs, TimeUnit.MILLISECONDS);
        return new PassThroughLink() {
            @Override
            public void cancel() {
                reset.cancel(false);
            }
        };
    }

    /**
     * At once, as Toxiproxy does: the reset is started now, and until it lands the link passes no
     * chunk on (a pump may read before the timer thread gets to the reset), so no byte ever
     * crosses in the toxic's direction.
     */
    private static ToxicLink resetAtOnce(Connection connection) {
        connection.timers().execute(connection::reset);
        return (data, offset, length, arrived, next) -> {
            connection.reset();
            return false;
        };
    }
}
