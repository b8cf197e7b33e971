package dev.kunren.proxy.api;

import dev.kunren.proxy.TcpProxy;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** The named proxies of one proxy server. */
public final class ProxyRegistry implements AutoCloseable {

    private final Map<String, TcpProxy> proxies = new LinkedHashMap<>();
    private final Random random;

    public ProxyRegistry(Random random) {
        this.random = random;
    }

    public synchronized List<TcpProxy> all() {
        return List.copyOf(proxies.values());
    }

    public synchronized TcpProxy get(String name) {
        TcpProxy proxy = proxies.get(name);
        if (proxy == null) {
            throw new ApiException(404, "proxy not found");
        }
        return proxy;
    }

    /** Creates and (if asked) enables a proxy; a name in use or an address in use is a conflict. */
    public synchronized TcpProxy create(String name, String listen, String upstream, boolean enabled) {
        if (proxies.containsKey(name)) {
            throw new ApiException(409, "proxy already exists");
        }
        InetSocketAddress listenAddress = Addresses.parse("listen", listen);
        InetSocketAddress upstreamAddress = Addresses.parse("upstream", upstream);
        TcpProxy proxy;
        try {
            proxy = TcpProxy.start(name, listenAddress, upstreamAddress, new Random(random.nextLong()));
            if (!enabled) {
                proxy.setEnabled(false);
            }
        } catch (IOException e) {
            throw new ApiException(409, "cannot listen on " + listen + ": " + e.getMessage());
        }
        proxies.put(name, proxy);
        return proxy;
    }

    public synchronized void delete(String name) {
        get(name).close();
        proxies.remove(name);
    }

    /** Enables every proxy and removes every toxic (Toxiproxy's /reset). */
    public synchronized void reset() {
        for (TcpProxy proxy : proxies.values()) {
            proxy.resetToxics();
            try {
                proxy.setEnabled(true);
            } catch (IOException e) {
                throw new ApiException(409, "cannot listen again on " + proxy.listenAddress() + ": " + e.getMessage());
            }
        }
    }

    /** Creates what is missing and recreates what differs; proxies not named are left alone. */
    public synchronized List<TcpProxy> populate(List<ProxyConfig> configs) {
        List<TcpProxy> result = new ArrayList<>();
        for (ProxyConfig config : configs) {
            TcpProxy existing = proxies.get(config.name());
            if (existing != null && config.matches(existing)) {
                result.add(existing);
                continue;
            }
            if (existing != null) {
                delete(config.name());
            }
            result.add(create(config.name(), config.listen(), config.upstream(), config.enabled()));
        }
        return result;
    }

    @Override
    public synchronized void close() {
        proxies.values().forEach(TcpProxy::close);
        proxies.clear();
    }
}
