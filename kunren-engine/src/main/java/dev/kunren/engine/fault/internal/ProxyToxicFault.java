package dev.kunren.engine.fault.internal;

import dev.kunren.proxy.TcpProxy;
import dev.kunren.proxy.toxic.ToxicSpec;
import java.util.function.BooleanSupplier;

/**
 * A Toxiproxy-style toxic on one of the environment's proxy links: latency between the load
 * balancer and an instance (fixed once the team replaces the instance), or the payment API slow
 * or failing (which nothing the team does removes: they can only degrade gracefully).
 */
public final class ProxyToxicFault extends OnceRevertible {

    private final TcpProxy link;
    private final ToxicSpec toxic;
    private final BooleanSupplier fixed;

    public ProxyToxicFault(TcpProxy link, ToxicSpec toxic, BooleanSupplier fixed) {
        this.link = link;
        this.toxic = toxic;
        this.fixed = fixed;
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
        return fixed.getAsBoolean();
    }
}
