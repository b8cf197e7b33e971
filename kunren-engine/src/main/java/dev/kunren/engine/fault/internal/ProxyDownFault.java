package dev.kunren.engine.fault.internal;

import dev.kunren.proxy.TcpProxy;
import java.io.IOException;
import java.io.UncheckedIOException;

/** The proxy in front of a team's service goes down (Toxiproxy's "disabled"): connections are refused and open ones dropped. */
public final class ProxyDownFault extends OnceRevertible {

    private final TcpProxy proxy;

    public ProxyDownFault(TcpProxy proxy) {
        this.proxy = proxy;
    }

    @Override
    protected void apply() {
        setEnabled(false);
    }

    @Override
    protected void undo() {
        setEnabled(true);
    }

    private void setEnabled(boolean enabled) {
        try {
            proxy.setEnabled(enabled);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen again on " + proxy.listenAddress() + ": " + e.getMessage(), e);
        }
    }
}
