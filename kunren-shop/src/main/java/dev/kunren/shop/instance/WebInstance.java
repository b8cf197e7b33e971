package dev.kunren.shop.instance;

import com.sun.net.httpserver.HttpServer;
import dev.kunren.shop.store.ShopStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.InstantSource;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * One web server of the practice shop: a real HTTP server on its own loopback port whose CPU is
 * modelled by a {@link CapacityModel}. A stopped instance refuses connections until started again
 * on the same port.
 */
public final class WebInstance implements AutoCloseable {

    private final String id;
    private final ShopStore store;
    private final CapacityModel capacity;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private HttpServer server;
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
            HttpServer created = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 256);
            created.setExecutor(executor);
            created.createContext("/", new ShopApi(id, store, capacity));
            created.start();
            server = created;
            port = created.getAddress().getPort();
        } catch (IOException e) {
            throw new UncheckedIOException("instance " + id + " could not listen on port " + port, e);
        }
    }

    /** Stops serving at once, dropping open connections; stopping a stopped instance does nothing. */
    public synchronized void stop() {
        if (server != null) {
            server.stop(0);
            server = null;
        }
    }

    @Override
    public void close() {
        stop();
        executor.shutdownNow();
    }
}
