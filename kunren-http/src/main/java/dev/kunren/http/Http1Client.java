package dev.kunren.http;

import dev.kunren.http.internal.Heads;
import dev.kunren.http.internal.WireInput;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * A small blocking HTTP/1.1 client with keep-alive connection pools, meant for virtual threads.
 *
 * <p>Kunren sends every customer request, every load-balancer hop and every probe through it.
 * The JDK's {@code HttpClient} costs several times more CPU per request (its selector thread and
 * completion stages), which would cap how many teams and how much drill speed one machine holds.
 * A malformed response is an {@link HttpException} (an {@code IOException}): that request failed.
 */
public final class Http1Client implements AutoCloseable {

    private static final int MAX_HEAD_BYTES = 16 * 1024;
    private static final int MAX_BODY_BYTES = 8 * 1024 * 1024;
    /** A kept-alive connection idle longer than this is not reused: servers close idle ones (Kunren's after 60 s). */
    private static final long MAX_IDLE_NANOS = Duration.ofSeconds(20).toNanos();

    /** Where a request goes: an address, and whether it is HTTPS (then {@code host} is checked against the certificate). */
    public record Target(InetSocketAddress address, String host, boolean tls) {
        public static Target plain(InetSocketAddress address) {
            return new Target(address, address.getHostString(), false);
        }
    }

    private final Duration connectTimeout;
    private final SSLSocketFactory tls;
    private final Map<Target, ConcurrentLinkedDeque<Connection>> pools = new ConcurrentHashMap<>();
    private volatile boolean closed;

    public Http1Client(Duration connectTimeout) {
        this(connectTimeout, (SSLSocketFactory) SSLSocketFactory.getDefault());
    }

    /** A client whose HTTPS connections trust what {@code tls} trusts. */
    public Http1Client(Duration connectTimeout, SSLSocketFactory tls) {
        this.connectTimeout = connectTimeout;
        this.tls = tls;
    }

    /**
     * Sends one request over plain HTTP and reads the whole response.
     *
     * @param path    path and query, starting with {@code /}
     * @param timeout how long to wait for each read of the response
     * @throws SocketTimeoutException when the server does not answer in time
     * @throws IOException            when the connection is refused or breaks, or the response is malformed
     */
    public HttpResult send(InetSocketAddress target, String method, String path, byte[] body, String contentType,
                           Duration timeout) throws IOException {
        return send(Target.plain(target), method, path, body, contentType, Map.of(), timeout);
    }

    /** Sends one request with extra header fields, over HTTPS if the target says so. */
    public HttpResult send(Target target, String method, String path, byte[] body, String contentType,
                           Map<String, String> headers, Duration timeout) throws IOException {
        if (closed) {
            throw new IOException("client closed");
        }
        Connection pooled = reusable(target);
        if (pooled != null) {
            try {
                return exchange(pooled, target, method, path, body, contentType, headers, timeout);
            } catch (SocketTimeoutException e) {
                throw e;
            } catch (IOException stale) {
                // the server may have closed an idle kept-alive connection: try once on a fresh one,
                // but only a request that is safe to send twice (a checkout may have been taken)
                if (!method.equals("GET") && !method.equals("HEAD")) {
                    throw stale;
                }
            }
        }
        return exchange(open(target), target, method, path, body, contentType, headers, timeout);
    }

    private ConcurrentLinkedDeque<Connection> pool(Target target) {
        return pools.computeIfAbsent(target, t -> new ConcurrentLinkedDeque<>());
    }

    /** The most recently used pooled connection that has not idled too long; older ones are closed. */
    private Connection reusable(Target target) {
        ConcurrentLinkedDeque<Connection> pool = pool(target);
        Connection connection;
        while ((connection = pool.pollFirst()) != null) {
            if (System.nanoTime() - connection.lastUsed < MAX_IDLE_NANOS) {
                return connection;
            }
            closeQuietly(connection.socket);
        }
        return null;
    }

    private Connection open(Target target) throws IOException {
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(target.address(), (int) connectTimeout.toMillis());
            if (target.tls()) {
                socket.setSoTimeout((int) connectTimeout.toMillis());
                SSLSocket secure = (SSLSocket) tls.createSocket(socket, target.host(), target.address().getPort(), true);
                var parameters = secure.getSSLParameters();
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
                secure.setSSLParameters(parameters);
                secure.startHandshake();
                return new Connection(secure);
            }
            return new Connection(socket);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    private HttpResult exchange(Connection connection, Target target, String method, String path, byte[] body,
                                String contentType, Map<String, String> headers, Duration timeout) throws IOException {
        boolean reusable = false;
        try {
            connection.socket.setSoTimeout((int) Math.max(1, timeout.toMillis()));
            writeRequest(connection.out, target, method, path, body, contentType, headers);
            HttpResult result = readResponse(connection.in, method);
            reusable = result.keepAlive();
            return result;
        } finally {
            if (reusable && !closed) {
                connection.lastUsed = System.nanoTime();
                pool(target).offerFirst(connection);
            } else {
                closeQuietly(connection.socket);
            }
        }
    }

    private static void writeRequest(OutputStream out, Target target, String method, String path, byte[] body,
                                     String contentType, Map<String, String> headers) throws IOException {
        StringBuilder head = new StringBuilder(128).append(method).append(' ').append(path).append(" HTTP/1.1\r\nHost: ")
                .append(hostField(target)).append("\r\n");
        if (body.length > 0 || !method.equals("GET")) {
            head.append("Content-Length: ").append(body.length).append("\r\n");
        }
        if (contentType != null) {
            head.append("Content-Type: ").append(contentType).append("\r\n");
        }
        headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        out.write(head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
        out.write(body);
        out.flush();
    }

    private static String hostField(Target target) {
        String host = target.host().contains(":") ? "[" + target.host() + "]" : target.host();
        int port = target.address().getPort();
        return (target.tls() ? port == 443 : port == 80) ? host : host + ":" + port;
    }

    private static HttpResult readResponse(WireInput in, String method) throws IOException {
        String statusLine;
        int status;
        Map<String, String> headers;
        do {  // an interim 1xx answer (100 Continue) is followed by the real one
            statusLine = in.readLine(MAX_HEAD_BYTES, 502);
            if (statusLine == null) {
                throw new IOException("connection closed before a response");
            }
            status = Heads.statusCode(statusLine);
            headers = Heads.headers(in, MAX_HEAD_BYTES, 200);
        } while (status / 100 == 1 && status != 101);
        boolean chunked = Heads.chunked(headers);
        long contentLength = Heads.contentLength(headers);
        boolean keepAlive = headers.containsKey("connection") ? !headers.get("connection").equalsIgnoreCase("close")
                : statusLine.startsWith("HTTP/1.1");
        byte[] body;
        boolean noBody = method.equals("HEAD") || status == 204 || status == 304;
        if (noBody) {
            body = new byte[0];
        } else if (chunked) {
            body = Heads.chunkedBody(in, MAX_BODY_BYTES);
        } else if (contentLength >= 0) {
            if (contentLength > MAX_BODY_BYTES) {
                throw new HttpException(502, "response body too large: " + contentLength + " bytes");
            }
            body = in.readExactly((int) contentLength);
        } else {
            body = in.readToEnd(MAX_BODY_BYTES);
            keepAlive = false;
        }
        return new HttpResult(status, body, headers.get("content-type"), headers.get("x-served-by"), keepAlive, headers);
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing is best effort
        }
    }

    @Override
    public void close() {
        closed = true;
        for (ConcurrentLinkedDeque<Connection> pool : pools.values()) {
            Connection connection;
            while ((connection = pool.pollFirst()) != null) {
                closeQuietly(connection.socket);
            }
        }
    }

    private static final class Connection {
        final Socket socket;
        final WireInput in;
        final OutputStream out;
        volatile long lastUsed = System.nanoTime();

        Connection(Socket socket) throws IOException {
            this.socket = socket;
            this.in = new WireInput(socket.getInputStream(), 8192);
            this.out = new BufferedOutputStream(socket.getOutputStream(), 8192);
        }
    }
}
