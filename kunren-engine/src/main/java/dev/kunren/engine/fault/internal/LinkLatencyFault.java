package dev.kunren.engine.fault.internal;

import dev.kunren.proxy.TcpProxy;
import dev.kunren.proxy.Toxic;
import dev.kunren.proxy.toxic.ToxicSpec;
import dev.kunren.shop.compute.Fleet;
import dev.kunren.shop.compute.InstanceState;
import java.time.Duration;
import java.util.Map;

/**
 * A Toxiproxy-style latency toxic on the proxy link from the load balancer to an instance,
 * delaying its responses. Fixed once the team replaces the instance.
 */
public final class LinkLatencyFault extends OnceRevertible {

    private final Fleet fleet;
    private final String instance;
    private final TcpProxy link;
    private final ToxicSpec toxic;

    public LinkLatencyFault(Fleet fleet, String instance, TcpProxy link, String toxicName, Duration latency, Duration jitter) {
        this.fleet = fleet;
        this.instance = instance;
        this.link = link;
        this.toxic = ToxicSpec.of(toxicName, "latency", Toxic.Stream.DOWNSTREAM.name(), 1.0,
                Map.of("latency", latency.toMillis(), "jitter", jitter.toMillis()));
    }

    @Override
    protected void apply() {
        link.addToxic(toxic);
    }

    @Override
    protected void undo() {
        link.removeToxic(toxic.name());
    }

    @Override
    public boolean fixed() {
        return fleet.instance(instance).state() == InstanceState.TERMINATED;
    }
}
