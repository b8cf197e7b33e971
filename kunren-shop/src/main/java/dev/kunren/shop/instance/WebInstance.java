package dev.kunren.shop.instance;

import dev.kunren.shop.http.Http1Server;
import dev.kunren.shop.store.ShopStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.InstantSource;

/**
 * One web server of the practice shop: a real HTTP server on its own loopback port whose CPU is
 * modelled by a {@link CapacityModel}. A stopped instance refuses connections until started again
 * on the same port.
 */
public final class WebInstance implements AutoCloseable {

    private final String id;
    private final ShopStore store;
    private final CapacityModel capacity;
    private Http1Server server;
    private int port;

    public WebInstance(String id, ShopStore store, double capacityPerSecond, InstantSource drillClock) {
        this.id = id;
        this.store = store;
        this.capacity = new CapacityModel(capacityPerSecond, drillClock);
    }

    public String id() {
        return id;
    }

    /** The port the instance listens on; fixed at its first start so the load balancer can find it again. */
    public synchronized int port() {
        return port;
    }

    public CapacityModel capacity() {
        return capacity;
    }

    public synchronized boolean isRunning() {
        return server != null;
    }

    /** Starts serving; starting a running instance does nothing. */
    public synchronized void start() {
        if (server != null) {
            return;
        }
        try {
            server = Http1Server.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), port),
                    new ShopApi(id, store, capacity));
            port = server.port();
        } catch (IOException e) {
            throw new UncheckedIOException("instance " + id + " could not listen on port " + port, e);
        }
    }

    /** Stops serving at once, dropping open connections; stopping a stopped instance does nothing. */
    public synchronized void stop() {
        if (server != null) {
            server.close();
            server = null;
        }
    }

    @Override
    public void close() {
        stop();
    }
}
