package dev.kunren.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy from a loopback listen port to an upstream address, through which toxics can be
 * added and removed while connections are open.
 *
 * <p>Each connection uses two virtual threads (one per direction) doing blocking I/O with one
 * reusable buffer each, so the no-toxic path allocates nothing per chunk.
 */
public final class TcpProxy implements AutoCloseable {

    private static final int BUFFER_SIZE = 32 * 1024;

    private final String name;
    private final InetSocketAddress upstream;
    private final ServerSocket listener;
    private final Map<String, Toxic> toxics = new LinkedHashMap<>();
    private volatile Toxic[] upstreamToxics = new Toxic[0];
    private volatile Toxic[] downstreamToxics = new Toxic[0];
    private final Set<Socket> openSockets = ConcurrentHashMap.newKeySet();
    private final AtomicLong connectionErrors = new AtomicLong();
    private volatile boolean closed;

    private TcpProxy(String name, InetSocketAddress upstream, ServerSocket listener) {
        this.name = name;
        this.upstream = upstream;
        this.listener = listener;
    }

    /** Starts a proxy listening on {@code listen} (port 0 picks a free one). */
    public static TcpProxy start(String name, InetSocketAddress listen, InetSocketAddress upstream) throws IOException {
        ServerSocket listener = new ServerSocket();
        listener.setReuseAddress(true);
        listener.bind(listen, 512);
        TcpProxy proxy = new TcpProxy(name, upstream, listener);
        Thread.ofVirtual().name("proxy-accept-" + name).start(proxy::acceptLoop);
        return proxy;
    }

    public String name() {
        return name;
    }

    public InetSocketAddress listenAddress() {
        return (InetSocketAddress) listener.getLocalSocketAddress();
    }

    public InetSocketAddress upstream() {
        return upstream;
    }

    /** Connections that failed to reach the upstream or broke mid-stream. */
    public long connectionErrors() {
        return connectionErrors.get();
    }

    /** Adds a toxic under a unique name; it applies to open connections too. */
    public synchronized void addToxic(String toxicName, Toxic toxic) {
        if (toxics.containsKey(toxicName)) {
            throw new IllegalStateException("toxic " + toxicName + " already exists on proxy " + name);
        }
        toxics.put(toxicName, toxic);
        publishToxics();
    }

    /** Removes a toxic; removing one that is not there does nothing, so reverts are idempotent. */
    public synchronized boolean removeToxic(String toxicName) {
        boolean removed = toxics.remove(toxicName) != null;
        publishToxics();
        return removed;
    }

    public synchronized List<String> toxicNames() {
        return List.copyOf(toxics.keySet());
    }

    /** Removes every toxic. */
    public synchronized void resetToxics() {
        toxics.clear();
        publishToxics();
    }

    private void publishToxics() {
        upstreamToxics = toxics.values().stream().filter(t -> t.stream() == Toxic.Stream.UPSTREAM).toArray(Toxic[]::new);
        downstreamToxics = toxics.values().stream().filter(t -> t.stream() == Toxic.Stream.DOWNSTREAM).toArray(Toxic[]::new);
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket client = listener.accept();
                Thread.ofVirtual().name("proxy-conn-" + name).start(() -> handle(client));
            } catch (IOException e) {
                if (!closed) {
                    connectionErrors.incrementAndGet();
                }
            }
        }
    }

    private void handle(Socket client) {
        Socket server = new Socket();
        openSockets.add(client);
        openSockets.add(server);
        try {
            client.setTcpNoDelay(true);
            server.setTcpNoDelay(true);
            server.connect(upstream, 2_000);
        } catch (IOException e) {
            connectionErrors.incrementAndGet();
            closeQuietly(client, server);
            return;
        }
        Thread.ofVirtual().name("proxy-down-" + name).start(() -> pump(server, client, Toxic.Stream.DOWNSTREAM));
        pump(client, server, Toxic.Stream.UPSTREAM);
    }

    private void pump(Socket from, Socket to, Toxic.Stream stream) {
        byte[] buffer = new byte[BUFFER_SIZE];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                long arrived = System.nanoTime();
                if (!passToxics(stream, arrived, n)) {
                    break;
                }
                out.write(buffer, 0, n);
            }
        } catch (SocketException e) {
            // the other direction closed the pair, or the peer reset: normal end of a connection
        } catch (IOException e) {
            connectionErrors.incrementAndGet();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closeQuietly(from, to);
        }
    }

    private boolean passToxics(Toxic.Stream stream, long arrived, int length) throws InterruptedException {
        for (Toxic toxic : stream == Toxic.Stream.UPSTREAM ? upstreamToxics : downstreamToxics) {
            if (!toxic.onChunk(arrived, length)) {
                return false;
            }
        }
        return true;
    }

    private void closeQuietly(Socket... sockets) {
        for (Socket socket : sockets) {
            openSockets.remove(socket);
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing is best effort
            }
        }
    }

    /** Stops listening and closes every open connection. */
    @Override
    public void close() {
        closed = true;
        resetToxics();
        try {
            listener.close();
        } catch (IOException ignored) {
            // closing is best effort
        }
        openSockets.forEach(this::closeQuietly);
    }
}
