package dev.kunren.engine.fault.internal;

import dev.kunren.proxy.LatencyToxic;
import dev.kunren.proxy.TcpProxy;
import dev.kunren.proxy.Toxic;
import java.time.Duration;
import java.util.Random;

/** A latency toxic on the proxy link from the load balancer to an instance, delaying its responses. */
public final class LinkLatencyFault extends OnceRevertible {

    private final TcpProxy link;
    private final String toxicName;
    private final LatencyToxic toxic;

    public LinkLatencyFault(TcpProxy link, String toxicName, Duration latency, Duration jitter, Random random) {
        this.link = link;
        this.toxicName = toxicName;
        this.toxic = new LatencyToxic(Toxic.Stream.DOWNSTREAM, latency, jitter, random);
    }

    @Override
    protected void apply() {
        link.addToxic(toxicName, toxic);
    }

    @Override
    protected void undo() {
        link.removeToxic(toxicName);
    }
}
