package dev.kunren.proxy;

import dev.kunren.http.AcceptBackoff;
import dev.kunren.proxy.toxic.ToxicSpec;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy from a listen address to an upstream, with Toxiproxy's model: it can be disabled
 * ("down": the listener closes and open connections drop) and re-enabled, and toxics can be added,
 * updated and removed while connections are open.
 *
 * <p>A connection no toxic touches is moved by an event loop, one per core shared by every proxy
 * ({@link LoopConnection}): the path a load test takes costs a read and a write per chunk. While
 * the proxy has toxics, connections are pumped by two virtual threads each, where a toxic may hold
 * or delay what passes ({@link ToxicConnection}); an open connection moves there when a toxic is
 * added.
 */
public final class TcpProxy implements AutoCloseable {

    /**
     * How many event loops move the connections no toxic touches (default: one per core); read
     * when the first connection is moved, so a process sets it before its first proxy.
     */
    public static final String EVENT_LOOPS_PROPERTY = "kunren.proxy.eventLoops";

    private final String name;
    private final Random random;
    private final Map<String, Entry> toxics = new LinkedHashMap<>();
    private volatile Toxic[] upstreamToxics = new Toxic[0];
    private volatile Toxic[] downstreamToxics = new Toxic[0];
    private final Set<ProxiedConnection> connections = ConcurrentHashMap.newKeySet();
    private final AtomicLong connectionsAccepted = new AtomicLong();
    private final AtomicLong connectionErrors = new AtomicLong();
    private final AtomicLong connectionsRefused = new AtomicLong();
    /** Accepted connections still reaching for the upstream: not yet among {@code connections}. */
    private final AtomicInteger connecting = new AtomicInteger();
    private volatile int maxConnections = DEFAULT_MAX_CONNECTIONS;
    private volatile InetSocketAddress upstream;
    private InetSocketAddress listen;
    private ServerSocketChannel listener;
    private boolean closed;

    private static final System.Logger LOG = System.getLogger(TcpProxy.class.getName());
    /** Open connections a proxy holds at most; one more is closed at once and counted as refused. */
    public static final int DEFAULT_MAX_CONNECTIONS = 4_096;

    private record Entry(ToxicSpec spec, Toxic toxic, AtomicLong fired, ScheduledFuture<?> expiry) {
    }

    private TcpProxy(String name, InetSocketAddress listen, InetSocketAddress upstream, Random random) {
        this.name = name;
        this.listen = listen;
        this.upstream = upstream;
        this.random = random;
    }

    /** Starts an enabled proxy listening on {@code listen} (port 0 picks a free one, kept from then on). */
    public static TcpProxy start(String name, InetSocketAddress listen, InetSocketAddress upstream) throws IOException {
        return start(name, listen, upstream, new Random());
    }

    public static TcpProxy start(String name, InetSocketAddress listen, InetSocketAddress upstream, Random random)
            throws IOException {
        TcpProxy proxy = new TcpProxy(name, listen, upstream, random);
        proxy.setEnabled(true);
        return proxy;
    }

    public String name() {
        return name;
    }

    /** The address it listens on (the real port, when 0 was asked for). */
    public synchronized InetSocketAddress listenAddress() {
        return listen;
    }

    public InetSocketAddress upstream() {
        return upstream;
    }

    /** New connections go to this upstream; open ones keep theirs. */
    public void setUpstream(InetSocketAddress upstream) {
        this.upstream = upstream;
    }

    public synchronized boolean isEnabled() {
        return listener != null;
    }

    /**
     * Enables (listens again on the same address) or disables the proxy: disabled, it refuses new
     * connections and drops open ones, as Toxiproxy's "down". Doing either twice does nothing.
     */
    public synchronized void setEnabled(boolean enabled) throws IOException {
        if (closed) {
            throw new IllegalStateException("proxy " + name + " is closed");
        }
        if (enabled && listener == null) {
            ServerSocketChannel socket = ServerSocketChannel.open();
            try {
                socket.setOption(StandardSocketOptions.SO_REUSEADDR, true);
                socket.bind(listen, 1024);
            } catch (IOException e) {
                socket.close();
                throw e;
            }
            listener = socket;
            listen = new InetSocketAddress(listen.getAddress(), socket.socket().getLocalPort());
            Thread.ofVirtual().name("proxy-accept-" + name).start(() -> acceptLoop(socket));
        } else if (!enabled && listener != null) {
            closeQuietly(listener);
            listener = null;
            connections.forEach(ProxiedConnection::close);
        }
    }

    /** Moves the listener to another address (Toxiproxy's listen update). */
    public synchronized void setListen(InetSocketAddress newListen) throws IOException {
        boolean wasEnabled = isEnabled();
        setEnabled(false);
        InetSocketAddress previous = listen;
        listen = newListen;
        try {
            setEnabled(wasEnabled);
        } catch (IOException e) {
            listen = previous;
            setEnabled(wasEnabled);
            throw e;
        }
    }

    public long connectionsAccepted() {
        return connectionsAccepted.get();
    }

    /** Connections that failed to reach the upstream or broke mid-stream. */
    public long connectionErrors() {
        return connectionErrors.get();
    }

    public int openConnections() {
        return connections.size();
    }

    /** Connections closed at once because {@link #maxConnections()} were open. */
    public long connectionsRefused() {
        return connectionsRefused.get();
    }

    public int maxConnections() {
        return maxConnections;
    }

    /** Sets the cap on open connections, below the process's file limit: at it, a new connection is closed at once. */
    public TcpProxy withMaxConnections(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("a proxy takes at least one connection, not " + max);
        }
        maxConnections = max;
        return this;
    }

    /** Adds a toxic; it acts on open connections too. A name already in use is refused. */
    public synchronized void addToxic(ToxicSpec spec) {
        if (toxics.containsKey(spec.name())) {
            throw new IllegalStateException("toxic " + spec.name() + " already exists on proxy " + name);
        }
        AtomicLong fired = new AtomicLong();
        Toxic toxic = spec.toToxic(random, () -> {
            fired.incrementAndGet();
            LOG.log(System.Logger.Level.INFO, "proxy {0}: toxic {1} ({2}) fired on a connection", name, spec.name(),
                    spec.type().key());
        });
        ScheduledFuture<?> expiry = spec.ttlMillis() == 0 ? null : ToxicConnection.TIMERS.schedule(
                () -> removeToxicIfSame(spec.name(), toxic), spec.ttlMillis(), TimeUnit.MILLISECONDS);
        toxics.put(spec.name(), new Entry(spec, toxic, fired, expiry));
        publishToxics();
        connections.forEach(c -> c.attach(toxic));
    }

    /** Replaces a toxic's attributes or toxicity; returns the new description. */
    public synchronized ToxicSpec updateToxic(String toxicName, Double toxicity, Map<String, ?> attributes) {
        ToxicSpec updated = toxic(toxicName).orElseThrow(() -> new NoSuchElementException(
                "toxic " + toxicName + " not found on proxy " + name)).updatedWith(toxicity, attributes);
        removeToxic(toxicName);
        addToxic(updated);
        return updated;
    }

    private synchronized void removeToxicIfSame(String toxicName, Toxic toxic) {
        Entry entry = toxics.get(toxicName);
        if (entry != null && entry.toxic() == toxic) {
            removeToxic(toxicName);
            LOG.log(System.Logger.Level.INFO, "proxy {0}: toxic {1} removed itself after its ttl", name, toxicName);
        }
    }

    /** How many connections each toxic has acted on, by toxic name. */
    public synchronized Map<String, Long> toxicsFired() {
        Map<String, Long> counts = new LinkedHashMap<>();
        toxics.forEach((toxicName, entry) -> counts.put(toxicName, entry.fired().get()));
        return counts;
    }

    /** Removes a toxic, releasing whatever it held; removing one that is not there does nothing. */
    public synchronized boolean removeToxic(String toxicName) {
        Entry removed = toxics.remove(toxicName);
        if (removed == null) {
            return false;
        }
        if (removed.expiry() != null) {
            removed.expiry().cancel(false);
        }
        publishToxics();
        connections.forEach(c -> c.detach(removed.toxic()));
        return true;
    }

    public synchronized Optional<ToxicSpec> toxic(String toxicName) {
        return Optional.ofNullable(toxics.get(toxicName)).map(Entry::spec);
    }

    public synchronized List<ToxicSpec> toxics() {
        return toxics.values().stream().map(Entry::spec).toList();
    }

    /** Removes every toxic. */
    public synchronized void resetToxics() {
        for (String toxicName : new ArrayList<>(toxics.keySet())) {
            removeToxic(toxicName);
        }
    }

    private void publishToxics() {
        upstreamToxics = toxics.values().stream().map(Entry::toxic).filter(t -> t.stream() == Toxic.Stream.UPSTREAM)
                .toArray(Toxic[]::new);
        downstreamToxics = toxics.values().stream().map(Entry::toxic).filter(t -> t.stream() == Toxic.Stream.DOWNSTREAM)
                .toArray(Toxic[]::new);
    }

    Toxic[] toxics(Toxic.Stream stream) {
        return stream == Toxic.Stream.UPSTREAM ? upstreamToxics : downstreamToxics;
    }

    boolean hasToxics() {
        return upstreamToxics.length + downstreamToxics.length > 0;
    }

    private void acceptLoop(ServerSocketChannel socket) {
        AcceptBackoff backoff = new AcceptBackoff();
        while (socket.isOpen()) {
            try {
                SocketChannel client = socket.accept();
                backoff.succeeded();
                if (connections.size() + connecting.get() >= maxConnections) {
                    connectionsRefused.incrementAndGet();
                    closeQuietly(client);
                    continue;
                }
                connecting.incrementAndGet();
                connectionsAccepted.incrementAndGet();
                if (hasToxics()) {
                    Thread.ofVirtual().name("proxy-conn-" + name).start(() -> connectWithToxics(client));
                } else {
                    startOnLoop(client);
                }
            } catch (IOException e) {
                if (socket.isOpen()) {
                    connectionErrors.incrementAndGet();
                    if (!backoff.failed()) {
                        return;
                    }
                }
            }
        }
    }

    private void startOnLoop(SocketChannel client) {
        try {
            LoopConnection.start(this, client, upstream);
        } catch (IOException e) {
            closeQuietly(client);
            connectFailed();
        }
    }

    /** Toxics act from the first byte: a connection made while there are any starts in pumps. */
    private void connectWithToxics(SocketChannel client) {
        SocketChannel server;
        try {
            server = SocketChannel.open();
        } catch (IOException e) {
            closeQuietly(client);
            connectFailed();
            return;
        }
        try {
            client.setOption(StandardSocketOptions.TCP_NODELAY, true);
            server.setOption(StandardSocketOptions.TCP_NODELAY, true);
            server.socket().connect(upstream, 2_000);
        } catch (IOException e) {
            closeQuietly(client);
            closeQuietly(server);
            connectFailed();
            return;
        }
        ToxicConnection connection = new ToxicConnection(this, client.socket(), server.socket());
        if (opened(connection)) {
            connection.run(new byte[0], new byte[0]);
        } else {
            connection.close();
        }
    }

    /** A connection reached its upstream: it counts as open and gets the toxics; false if the proxy went down meanwhile. */
    synchronized boolean opened(ProxiedConnection connection) {
        connecting.decrementAndGet();
        if (listener == null) {
            return false;
        }
        connections.add(connection);
        for (Entry entry : toxics.values()) {
            connection.attach(entry.toxic());
        }
        return true;
    }

    void connectFailed() {
        connecting.decrementAndGet();
        connectionErrors.incrementAndGet();
    }

    /** An event-loop connection moved to pumps: false if it was closed meanwhile. */
    synchronized boolean replace(LoopConnection moving, ToxicConnection successor) {
        if (!connections.remove(moving)) {
            return false;
        }
        connections.add(successor);
        for (Entry entry : toxics.values()) {
            successor.attach(entry.toxic());
        }
        if (listener == null) {
            successor.close();
        }
        return true;
    }

    void ended(ProxiedConnection connection, boolean failed) {
        connections.remove(connection);
        if (failed) {
            connectionErrors.incrementAndGet();
        }
    }

    static void closeQuietly(java.io.Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException ignored) {
            // closing is best effort
        }
    }

    /** Stops listening, removes every toxic and closes every open connection. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        resetToxics();
        try {
            setEnabled(false);
        } catch (IOException ignored) {
            // disabling only closes
        }
        closed = true;
    }
}
