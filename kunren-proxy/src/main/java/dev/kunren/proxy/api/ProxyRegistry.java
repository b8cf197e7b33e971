package dev.kunren.proxy.api;

import dev.kunren.proxy.TcpProxy;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The named proxies of one proxy server, at most {@code maxProxies} of them, each holding at most
 * {@code maxConnections}: together well below the process's file limit, so the server stays up
 * at its limit and says why.
 */
public final class ProxyRegistry implements AutoCloseable {

    public static final int DEFAULT_MAX_PROXIES = 1_000;
    private final Map<String, TcpProxy> proxies = new LinkedHashMap<>();
    private final Random random;
    private final int maxProxies;
    private final int maxConnections;

    public ProxyRegistry(Random random) {
        this(random, DEFAULT_MAX_PROXIES, TcpProxy.DEFAULT_MAX_CONNECTIONS);
    }

    public ProxyRegistry(Random random, int maxProxies, int maxConnections) {
        if (maxProxies < 1 || maxConnections < 1) {
            throw new IllegalArgumentException("a proxy server holds at least one proxy of one connection");
        }
        this.random = random;
        this.maxProxies = maxProxies;
        this.maxConnections = maxConnections;
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
        if (proxies.size() >= maxProxies) {
            throw new ApiException(409, "this proxy server holds its maximum of " + maxProxies + " proxies (kunren proxy --max-proxies); "
                    + "delete one first");
        }
        InetSocketAddress listenAddress = Addresses.parse("listen", listen);
        InetSocketAddress upstreamAddress = Addresses.parse("upstream", upstream);
        if (Addresses.sameEndpoint(listenAddress, upstreamAddress)) {
            throw new ApiException(400, "upstream " + upstream + " is where this proxy listens: it would relay to itself");
        }
        TcpProxy proxy;
        try {
            proxy = TcpProxy.start(name, listenAddress, upstreamAddress, new Random(random.nextLong())).withMaxConnections(maxConnections);
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
