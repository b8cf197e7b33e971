package dev.kunren.engine.fault.internal;

import dev.kunren.proxy.TcpProxy;
import dev.kunren.proxy.toxic.ToxicSpec;

/**
 * A toxic on a dependency's proxy link (the payment API slow or failing). Nothing the team does
 * removes it; they can only make the shop degrade gracefully while it lasts.
 */
public final class ProxyToxicFault extends OnceRevertible {

    private final TcpProxy link;
    private final ToxicSpec toxic;

    public ProxyToxicFault(TcpProxy link, ToxicSpec toxic) {
        this.link = link;
        this.toxic = toxic;
    }

    @Override
    protected void apply() {
        link.addToxic(toxic);
    }

    @Override
    protected void undo() {
        link.removeToxic(toxic.name());
    }
}
