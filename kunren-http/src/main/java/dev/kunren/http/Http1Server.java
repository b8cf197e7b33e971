package dev.kunren.http;

import dev.kunren.http.internal.Deadlines;
import dev.kunren.http.internal.Heads;
import dev.kunren.http.internal.OpenConnection;
import dev.kunren.http.internal.OpenConnection.Phase;
import dev.kunren.http.internal.ResponseWriter;
import dev.kunren.http.internal.WireInput;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * Kunren's HTTP/1.1 server: one virtual thread per connection reading requests one after another
 * (keep-alive), over plain TCP or TLS, within {@link ServerLimits}: a head, a body and an idle
 * connection each have a time limit; one address and everyone together have a connection cap;
 * malformed requests get a clean 4xx and lose their connection, never the server.
 *
 * <p>It serves the web app, the console and proxy APIs and the practice shop. A request costs
 * one read and one write on the connection's own thread; the JDK's {@code HttpServer} handed each
 * one from a selector thread to a worker and back, and has no per-address cap or header deadline.
 */
public final class Http1Server implements AutoCloseable {

    /** Answers one request. */
    @FunctionalInterface
    public interface Handler {
        Response handle(Request request) throws IOException, InterruptedException;
    }

    /** The response to a request the server refused before any handler saw it (malformed, too large, too many). */
    @FunctionalInterface
    public interface ErrorPage {
        Response page(int status, String detail);
    }

    private static final byte TLS_HANDSHAKE = 0x16;

    private final ServerSocket listener;
    private final ServerLimits limits;
    private final SSLContext tls;
    private final ErrorPage errors;
    private final Handler handler;
    private final Set<OpenConnection> connections = ConcurrentHashMap.newKeySet();
    private final Map<InetAddress, AtomicInteger> perAddress = new ConcurrentHashMap<>();
    private final AtomicInteger open = new AtomicInteger();

    private Http1Server(ServerSocket listener, ServerLimits limits, SSLContext tls, ErrorPage errors, Handler handler) {
        this.listener = listener;
        this.limits = limits;
        this.tls = tls;
        this.errors = errors;
        this.handler = handler;
    }

    /** A plain-text server for Kunren's own traffic (the practice shop), with the internal limits and 1 MB bodies. */
    public static Http1Server start(InetSocketAddress address, Handler handler) throws IOException {
        return start(address, ServerLimits.internal(1024 * 1024), null, Http1Server::plainError, handler);
    }

    /**
     * Listens on {@code address} (port 0 picks one) and serves until closed; over TLS when
     * {@code tls} is given.
     */
    public static Http1Server start(InetSocketAddress address, ServerLimits limits, SSLContext tls, ErrorPage errors,
                                    Handler handler) throws IOException {
        ServerSocket listener = new ServerSocket();
        listener.setReuseAddress(true);
        try {
            listener.bind(address, 1024);
        } catch (IOException e) {
            listener.close();
            throw e;
        }
        Http1Server server = new Http1Server(listener, limits, tls, errors, handler);
        Thread.ofVirtual().name("http-accept-" + listener.getLocalPort()).start(server::acceptLoop);
        return server;
    }

    /** A short plain-text answer, for servers without a format of their own. */
    public static Response plainError(int status, String detail) {
        return Response.text(status, detail + "\n");
    }

    public int port() {
        return listener.getLocalPort();
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) listener.getLocalSocketAddress();
    }

    public boolean secure() {
        return tls != null;
    }

    /** Connections open now. */
    public int openConnections() {
        return open.get();
    }

    private void acceptLoop() {
        AcceptBackoff backoff = new AcceptBackoff();
        while (!listener.isClosed()) {
            Socket socket;
            try {
                socket = listener.accept();
                backoff.succeeded();
            } catch (IOException e) {
                // closed, or out of file descriptors: wait a little before trying again, never spin
                if (!listener.isClosed() && !backoff.failed()) {
                    return;
                }
                continue;
            }
            admit(socket);
        }
    }

    /** Counts the connection against both caps, or refuses it; at the total cap the oldest waiting connection gives way. */
    private void admit(Socket socket) {
        InetAddress address = socket.getInetAddress();
        AtomicInteger fromAddress = null;
        if (limits.maxConnectionsPerAddress() != Integer.MAX_VALUE) {
            fromAddress = perAddress.computeIfAbsent(address, a -> new AtomicInteger());
            if (fromAddress.incrementAndGet() > limits.maxConnectionsPerAddress()) {
                release(address, fromAddress);
                refuse(socket, "too many connections from " + address.getHostAddress());
                return;
            }
        }
        if (open.incrementAndGet() > limits.maxConnections() && !evictOldestWaiting()) {
            open.decrementAndGet();
            if (fromAddress != null) {
                release(address, fromAddress);
            }
            refuse(socket, "this server has too many connections");
            return;
        }
        OpenConnection connection = new OpenConnection(socket);
        connection.enter(Phase.WAITING, limits.headerTimeout());
        connections.add(connection);
        Deadlines.watch(connection);
        AtomicInteger counted = fromAddress;
        Thread.ofVirtual().start(() -> {
            try {
                serve(socket, connection);
            } finally {
                Deadlines.unwatch(connection);
                connections.remove(connection);
                open.decrementAndGet();
                if (counted != null) {
                    release(address, counted);
                }
            }
        });
    }

    private void release(InetAddress address, AtomicInteger count) {
        if (count.decrementAndGet() <= 0) {
            perAddress.remove(address, count);
        }
    }

    /** Closes the connection that has waited longest for a request, if any; true if one gave way. */
    private boolean evictOldestWaiting() {
        OpenConnection oldest = null;
        for (OpenConnection c : connections) {
            if (c.phase() != Phase.ANSWERING && (oldest == null || c.phaseSince() - oldest.phaseSince() < 0)) {
                oldest = c;
            }
        }
        if (oldest == null) {
            return false;
        }
        oldest.close();
        return true;
    }

    /** A 503 that never blocks the accept loop: written on its own thread, within the write limit. */
    private void refuse(Socket socket, String detail) {
        if (tls != null) {
            closeQuietly(socket);
            return;
        }
        Thread.ofVirtual().start(() -> {
            OpenConnection connection = new OpenConnection(socket);
            connection.enter(Phase.ANSWERING, limits.writeTimeout());
            Deadlines.watch(connection);
            try (socket) {
                Response page = errors.page(503, detail).withHeader("Retry-After", "5");
                new ResponseWriter(socket.getOutputStream(), connection, limits.writeTimeout()).write(page, true, false, false);
            } catch (IOException | InterruptedException ignored) {
                // the refused client is gone already
            } finally {
                Deadlines.unwatch(connection);
            }
        });
    }

    private void serve(Socket plain, OpenConnection connection) {
        try (plain) {
            plain.setTcpNoDelay(true);
            Socket socket = tls == null ? plain : handshake(plain, connection);
            if (socket == null) {
                return;
            }
            WireInput in = new WireInput(socket.getInputStream(), 8192);
            OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 8192);
            ResponseWriter writer = new ResponseWriter(out, connection, limits.writeTimeout());
            InetSocketAddress remote = (InetSocketAddress) plain.getRemoteSocketAddress();
            boolean first = true;
            while (!listener.isClosed()) {
                if (!first) {
                    connection.enter(Phase.WAITING, limits.idleTimeout());
                }
                first = false;
                if (!in.awaitByte()) {
                    return;
                }
                connection.enter(Phase.READING, limits.headerTimeout());
                Request request;
                try {
                    request = read(in, out, connection, remote);
                } catch (HttpException e) {
                    connection.enter(Phase.ANSWERING, limits.writeTimeout());
                    writer.write(errors.page(e.status(), e.getMessage()), true, false, false);
                    lingerBeforeClosing(socket, connection);
                    return;
                }
                if (request == null) {
                    return;
                }
                connection.unlimited(Phase.ANSWERING);
                Response response;
                try {
                    response = handler.handle(request);
                } catch (RuntimeException e) {
                    response = errors.page(500, "the server could not complete the request");
                }
                boolean close = !request.keepAlive() || listener.isClosed();
                writer.write(response, close, request.method().equals("HEAD"), request.version().equals("HTTP/1.0"));
                if (close) {
                    return;
                }
            }
        } catch (IOException | InterruptedException e) {
            // the peer went away, a limit closed the connection, or the server is closing
        }
    }

    /**
     * After refusing a request mid-way (a body past the limit, a malformed head), reads and drops what
     * the client is still sending, for a moment, before closing: a socket closed with unread bytes is
     * reset, and a client still writing its body then loses the answer that says why (nginx's
     * "lingering close"). The connection's deadline ends it after {@link #LINGER} at the latest.
     */
    private static void lingerBeforeClosing(Socket socket, OpenConnection connection) {
        connection.enter(Phase.READING, LINGER);
        try {
            if (!(socket instanceof SSLSocket)) {
                socket.shutdownOutput();  // the answer is complete: the client reads it and its end
            }
            InputStream in = socket.getInputStream();
            byte[] dropped = new byte[8192];
            long total = 0;
            for (int n; total < LINGER_BYTES && (n = in.read(dropped)) >= 0; ) {
                total += n;
            }
        } catch (IOException e) {
            // the client went away or the deadline closed the socket: either way, done
        }
    }

    private Request read(WireInput in, OutputStream out, OpenConnection connection, InetSocketAddress remote) throws IOException {
        Heads.StartLine line = Heads.requestLine(in, limits.maxHeadBytes());
        if (line == null) {
            return null;
        }
        Map<String, String> headers = Heads.headers(in, limits.maxHeadBytes(), limits.maxHeaderFields());
        if (line.version().equals("HTTP/1.1") && !headers.containsKey("host")) {
            throw new HttpException(400, "an HTTP/1.1 request names its Host");
        }
        boolean chunked = Heads.chunked(headers);
        long length = Heads.contentLength(headers);
        if (length > limits.maxBodyBytes()) {
            throw new HttpException(413, "a request body may be at most " + limits.maxBodyBytes() + " bytes");
        }
        byte[] body = new byte[0];
        if (chunked || length > 0) {
            connection.enter(Phase.READING, limits.bodyTimeout());
            if ("100-continue".equalsIgnoreCase(headers.get("expect"))) {
                out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
            }
            body = chunked ? Heads.chunkedBody(in, limits.maxBodyBytes()) : in.readExactly((int) length);
        }
        return new Request(line.method(), line.target(), line.version(), headers, body, remote, tls != null);
    }

    /**
     * The TLS side of a connection, after its handshake (within the head's time limit); null when
     * the client spoke plain HTTP to this HTTPS port, after telling it where to go instead.
     */
    private Socket handshake(Socket plain, OpenConnection connection) throws IOException, InterruptedException {
        InputStream raw = plain.getInputStream();
        int first = raw.read();
        if (first < 0) {
            return null;
        }
        if (first != TLS_HANDSHAKE) {
            connection.enter(Phase.ANSWERING, limits.writeTimeout());
            Response page = errors.page(400, "this port speaks HTTPS: open https:// instead of http://");
            new ResponseWriter(plain.getOutputStream(), connection, limits.writeTimeout()).write(page, true, false, false);
            return null;
        }
        connection.enter(Phase.READING, limits.headerTimeout());
        SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket(plain, new ByteArrayInputStream(new byte[] {(byte) first}), true);
        socket.setUseClientMode(false);
        socket.startHandshake();
        return socket;
    }

    /** How long, and how much, a refused request's remaining bytes are read before closing. */
    static final Duration LINGER = Duration.ofSeconds(2);
    static final long LINGER_BYTES = 16L * 1024 * 1024;

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing is best effort
        }
    }

    /** Stops listening and drops every open connection: a stopped server refuses connections. */
    @Override
    public void close() {
        try {
            listener.close();
        } catch (IOException ignored) {
            // closing is best effort
        }
        connections.forEach(OpenConnection::close);
    }
}
