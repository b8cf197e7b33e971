package dev.kunren.shop.http;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * A small blocking HTTP/1.1 client with keep-alive connection pools, meant for virtual threads.
 *
 * <p>Kunren sends every customer request and every load-balancer hop through it. The JDK's
 * {@code HttpClient} costs several times more CPU per request (its selector thread and
 * completion stages), which would cap how many teams and how much drill speed one machine holds.
 */
public final class Http1Client implements AutoCloseable {

    private static final int MAX_HEADER_BYTES = 16 * 1024;
    private static final int MAX_BODY_BYTES = 8 * 1024 * 1024;

    private final Duration connectTimeout;
    private final Map<InetSocketAddress, ConcurrentLinkedDeque<Connection>> pools = new ConcurrentHashMap<>();
    private volatile boolean closed;

    public Http1Client(Duration connectTimeout) {
        this.connectTimeout = connectTimeout;
    }

    /**
     * Sends one request and reads the whole response.
     *
     * @param target  host and port
     * @param path    path and query, starting with {@code /}
     * @param timeout how long to wait for each read of the response
     * @throws SocketTimeoutException when the server does not answer in time
     * @throws IOException            when the connection is refused or breaks
     */
    public HttpResult send(InetSocketAddress target, String method, String path, byte[] body, String contentType,
                           Duration timeout) throws IOException {
        if (closed) {
            throw new IOException("client closed");
        }
        Connection pooled = pool(target).pollFirst();
        if (pooled != null) {
            try {
                return exchange(pooled, target, method, path, body, contentType, timeout);
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
        return exchange(open(target), target, method, path, body, contentType, timeout);
    }

    private ConcurrentLinkedDeque<Connection> pool(InetSocketAddress target) {
        return pools.computeIfAbsent(target, t -> new ConcurrentLinkedDeque<>());
    }

    private Connection open(InetSocketAddress target) throws IOException {
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(target, (int) connectTimeout.toMillis());
            return new Connection(socket);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    private HttpResult exchange(Connection connection, InetSocketAddress target, String method, String path, byte[] body,
                                String contentType, Duration timeout) throws IOException {
        boolean reusable = false;
        try {
            connection.socket.setSoTimeout((int) Math.max(1, timeout.toMillis()));
            writeRequest(connection.out, target, method, path, body, contentType);
            HttpResult result = readResponse(connection.in, method);
            reusable = result.keepAlive();
            return result;
        } finally {
            if (reusable && !closed) {
                pool(target).offerFirst(connection);
            } else {
                connection.socket.close();
            }
        }
    }

    private static void writeRequest(OutputStream out, InetSocketAddress target, String method, String path, byte[] body,
                                     String contentType) throws IOException {
        StringBuilder head = new StringBuilder(128).append(method).append(' ').append(path).append(" HTTP/1.1\r\nHost: ")
                .append(target.getHostString()).append(':').append(target.getPort()).append("\r\n");
        if (body.length > 0 || !method.equals("GET")) {
            head.append("Content-Length: ").append(body.length).append("\r\n");
        }
        if (contentType != null) {
            head.append("Content-Type: ").append(contentType).append("\r\n");
        }
        out.write(head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
        out.write(body);
        out.flush();
    }

    private static HttpResult readResponse(InputStream in, String method) throws IOException {
        String statusLine = readLine(in);
        if (statusLine == null) {
            throw new IOException("connection closed before a response");
        }
        if (!statusLine.startsWith("HTTP/1.") || statusLine.length() < 12) {
            throw new IOException("not an HTTP/1.x response: " + statusLine);
        }
        int status = Integer.parseInt(statusLine.substring(9, 12));
        Map<String, String> headers = HttpLines.readHeaders(in, MAX_HEADER_BYTES);
        long contentLength = headers.containsKey("content-length") ? Long.parseLong(headers.get("content-length")) : -1;
        boolean chunked = headers.getOrDefault("transfer-encoding", "").toLowerCase(Locale.ROOT).contains("chunked");
        boolean keepAlive = headers.containsKey("connection") ? !headers.get("connection").equalsIgnoreCase("close")
                : statusLine.startsWith("HTTP/1.1");
        String contentType = headers.get("content-type");
        String servedBy = headers.get("x-served-by");
        byte[] body;
        boolean noBody = method.equals("HEAD") || status == 204 || status == 304 || status / 100 == 1;
        if (noBody) {
            body = new byte[0];
        } else if (chunked) {
            body = readChunked(in);
        } else if (contentLength >= 0) {
            if (contentLength > MAX_BODY_BYTES) {
                throw new IOException("response body too large: " + contentLength + " bytes");
            }
            body = in.readNBytes((int) contentLength);
            if (body.length < contentLength) {
                throw new IOException("connection closed in the middle of the response body");
            }
        } else {
            body = in.readNBytes(MAX_BODY_BYTES);
            keepAlive = false;
        }
        return new HttpResult(status, body, contentType, servedBy, keepAlive);
    }

    private static byte[] readChunked(InputStream in) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = readLine(in);
            if (sizeLine == null) {
                throw new IOException("connection closed in a chunked body");
            }
            int semicolon = sizeLine.indexOf(';');
            int size = Integer.parseInt((semicolon >= 0 ? sizeLine.substring(0, semicolon) : sizeLine).trim(), 16);
            if (size == 0) {
                while (true) {
                    String trailer = readLine(in);
                    if (trailer == null || trailer.isEmpty()) {
                        return body.toByteArray();
                    }
                }
            }
            if (body.size() + size > MAX_BODY_BYTES) {
                throw new IOException("response body too large");
            }
            body.write(in.readNBytes(size));
            readLine(in);
        }
    }

    private static String readLine(InputStream in) throws IOException {
        return HttpLines.readLine(in, MAX_HEADER_BYTES);
    }

    @Override
    public void close() {
        closed = true;
        for (ConcurrentLinkedDeque<Connection> pool : pools.values()) {
            Connection connection;
            while ((connection = pool.pollFirst()) != null) {
                try {
                    connection.socket.close();
                } catch (IOException ignored) {
                    // closing is best effort
                }
            }
        }
    }

    private static final class Connection {
        final Socket socket;
        final InputStream in;
        final OutputStream out;

        Connection(Socket socket) throws IOException {
            this.socket = socket;
            this.in = new BufferedInputStream(socket.getInputStream(), 8192);
            this.out = new BufferedOutputStream(socket.getOutputStream(), 8192);
        }
    }
}
