package dev.kunren.shop.instance;

import dev.kunren.shop.config.AppConfig;
import dev.kunren.shop.config.AppConfig.InvalidConfigException;
import dev.kunren.http.Http1Server;
import dev.kunren.shop.storage.ObjectVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Optional;

/**
 * The application process of one web instance: a real HTTP server on its own loopback port whose
 * CPU is modelled by a {@link CapacityModel}. It reads its configuration from the config bucket
 * when it starts and when told to reload. A stopped process refuses connections until started
 * again on the same port.
 */
public final class WebInstance implements AutoCloseable {

    /** A runaway process on the instance, as {@code ps} would list it. */
    public record HogProcess(int pid, String command, double cpuPercent) {
    }

    private final String id;
    private final String version;
    private final Backends backends;
    private final CapacityModel capacity;
    private Http1Server server;
    private int port;
    private volatile ConfigState config = new ConfigState(null, 0, "not loaded");
    private volatile HogProcess hog;

    /** The configuration in use: {@code config} is null when the loaded file was broken. */
    record ConfigState(AppConfig config, int version, String problem) {
    }

    public WebInstance(String id, String version, Backends backends, double capacityPerSecond) {
        this.id = id;
        this.version = version;
        this.backends = backends;
        this.capacity = new CapacityModel(capacityPerSecond, backends.drillClock());
    }

    public String id() {
        return id;
    }

    /** The image version the instance runs. */
    public String version() {
        return version;
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

    /** Starts the application, reading the config; starting a running instance does nothing. */
    public synchronized void start() {
        if (server != null) {
            return;
        }
        reloadConfig();
        try {
            server = Http1Server.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), port),
                    new ShopApi(this, backends));
            port = server.port();
        } catch (IOException e) {
            throw new UncheckedIOException("instance " + id + " could not listen on port " + port, e);
        }
    }

    /** Stops the application at once, dropping open connections; stopping a stopped one does nothing. */
    public synchronized void stop() {
        if (server != null) {
            server.close();
            server = null;
        }
        hog = null;
        capacity.setHogPercent(0);
    }

    /** Reads the newest config file from the bucket; a broken file leaves the application unable to serve. */
    public void reloadConfig() {
        ObjectVersion file = backends.configBucket().latest(AppConfig.KEY);
        try {
            config = new ConfigState(AppConfig.parse(file.content()), file.version(), "");
            backends.logs().info(id, "loaded " + AppConfig.KEY + " version " + file.version());
        } catch (InvalidConfigException e) {
            config = new ConfigState(null, file.version(), e.getMessage());
            backends.logs().error(id, "cannot use " + AppConfig.KEY + " version " + file.version() + ": " + e.getMessage());
        }
    }

    ConfigState configState() {
        return config;
    }

    /** The config version in use, and whether it is usable. */
    public int configVersion() {
        return config.version();
    }

    public boolean configValid() {
        return config.config() != null;
    }

    public Optional<HogProcess> hog() {
        return Optional.ofNullable(hog);
    }

    /** Starts a runaway process taking {@code percent} of the CPU. */
    public void startHog(HogProcess process) {
        hog = process;
        capacity.setHogPercent(process.cpuPercent());
    }

    /** Kills the runaway process if {@code pid} is it; returns whether it was. */
    public boolean killProcess(int pid) {
        HogProcess current = hog;
        if (current == null || current.pid() != pid) {
            return false;
        }
        hog = null;
        capacity.setHogPercent(0);
        return true;
    }

    @Override
    public void close() {
        stop();
    }
}
