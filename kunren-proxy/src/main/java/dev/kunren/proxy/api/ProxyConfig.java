package dev.kunren.proxy.api;

import dev.kunren.proxy.TcpProxy;

/** A proxy as /populate and a --config file describe it. */
public record ProxyConfig(String name, String listen, String upstream, boolean enabled) {

    boolean matches(TcpProxy proxy) {
        return proxy.isEnabled() == enabled
                && Addresses.format(proxy.upstream()).equals(Addresses.format(Addresses.parse("upstream", upstream)))
                && (Addresses.parse("listen", listen).getPort() == 0
                    || Addresses.format(proxy.listenAddress()).equals(Addresses.format(Addresses.parse("listen", listen))));
    }
}
