package dev.kunren.shop.http;

import dev.kunren.proxy.AcceptBackoff;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A small HTTP/1.1 server: one virtual thread per connection reading requests one after another
 * (keep-alive), each answered by the handler with a fixed-length response.
 *
 * <p>It serves the practice shop's instances and load balancer. The JDK's {@code HttpServer}
 * hands every request from a selector thread to a worker and back, which made it the largest CPU
 * cost of a drill; here a request costs one read and one write on the connection's own thread.
 */
public final class Http1Server implements AutoCloseable {

    private static final int MAX_HEAD = 16 * 1024;
    private static final int MAX_BODY = 1024 * 1024;

    /** Answers one request. */
    @FunctionalInterface
    public interface Handler {
        Response handle(Request request) throws IOException, InterruptedException;
    }

    /** A request: method, target (path and query), lower-case header names, body. */
    public record Request(String method, String target, Map<String, String> headers, byte[] body) {

        public String path() {
            int query = target.indexOf('?');
            return query < 0 ? target : target.substring(0, query);
        }

        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /** A response; {@code headers} are extra headers beside Content-Type and Content-Length. */
    public record Response(int status, String contentType, byte[] body, Map<String, String> headers) {

        public static Response json(int status, String json) {
            return new Response(status, "application/json", json.getBytes(StandardCharsets.UTF_8), Map.of());
        }

        public Response withHeader(String name, String value) {
            Map<String, String> more = new HashMap<>(headers);
            more.put(name, value);
            return new Response(status, contentType, body, more);
        }
    }

    private final ServerSocket listener;
    private final Handler handler;
    private final Set<Socket> connections = ConcurrentHashMap.newKeySet();

    private Http1Server(ServerSocket listener, Handler handler) {
        this.listener = listener;
        this.handler = handler;
    }

    /** Listens on {@code address} (port 0 picks one) and serves until closed. */
    public static Http1Server start(InetSocketAddress address, Handler handler) throws IOException {
        ServerSocket listener = new ServerSocket();
        listener.setReuseAddress(true);
        try {
            listener.bind(address, 1024);
        } catch (IOException e) {
            listener.close();
            throw e;
        }
        Http1Server server = new Http1Server(listener, handler);
        Thread.ofVirtual().name("http-accept-" + listener.getLocalPort()).start(server::acceptLoop);
        return server;
    }

    public int port() {
        return listener.getLocalPort();
    }

    private void acceptLoop() {
        AcceptBackoff backoff = new AcceptBackoff();
        while (!listener.isClosed()) {
            try {
                Socket socket = listener.accept();
                backoff.succeeded();
                connections.add(socket);
                Thread.ofVirtual().start(() -> serve(socket));
            } catch (IOException e) {
                // closed, or a connection that failed before it was accepted: nothing to serve; or out of
                // file descriptors: wait a little before trying again
                if (!listener.isClosed() && !backoff.failed()) {
                    return;
                }
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            socket.setTcpNoDelay(true);
            InputStream in = new BufferedInputStream(socket.getInputStream(), 8192);
            OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 8192);
            Request request;
            while ((request = read(in)) != null) {
                Response response;
                try {
                    response = handler.handle(request);
                } catch (RuntimeException e) {
                    response = Response.json(500, "{\"error\":\"internal error\"}");
                }
                boolean close = "close".equalsIgnoreCase(request.header("connection"));
                write(out, response, close);
                if (close) {
                    return;
                }
            }
        } catch (SocketException | InterruptedException e) {
            // the peer went away, or the server is closing
        } catch (IOException e) {
            // a malformed request ends its connection
        } finally {
            connections.remove(socket);
        }
    }

    private static Request read(InputStream in) throws IOException {
        String requestLine = HttpLines.readLine(in, MAX_HEAD);
        if (requestLine == null) {
            return null;
        }
        String[] parts = requestLine.split(" ");
        if (parts.length != 3 || !parts[2].startsWith("HTTP/1.")) {
            throw new IOException("not an HTTP/1.x request: " + requestLine);
        }
        Map<String, String> headers = HttpLines.readHeaders(in, MAX_HEAD);
        String length = headers.get("content-length");
        int bodyLength = length == null ? 0 : Integer.parseInt(length.trim());
        if (bodyLength < 0 || bodyLength > MAX_BODY) {
            throw new IOException("request body of " + bodyLength + " bytes refused");
        }
        byte[] body = in.readNBytes(bodyLength);
        if (body.length < bodyLength) {
            throw new IOException("connection closed in the middle of a request body");
        }
        return new Request(parts[0], parts[1], headers, body);
    }

    private static void write(OutputStream out, Response response, boolean close) throws IOException {
        StringBuilder head = new StringBuilder(128).append("HTTP/1.1 ").append(response.status()).append(' ')
                .append(reason(response.status())).append("\r\nContent-Length: ").append(response.body().length).append("\r\n");
        if (response.contentType() != null) {
            head.append("Content-Type: ").append(response.contentType()).append("\r\n");
        }
        response.headers().forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        if (close) {
            head.append("Connection: close\r\n");
        }
        out.write(head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
        out.write(response.body());
        out.flush();
    }

    private static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 201 -> "Created";
            case 400 -> "Bad Request";
            case 404 -> "Not Found";
            case 500 -> "Internal Server Error";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            default -> "Status";
        };
    }

    /** Stops listening and drops every open connection: a stopped server refuses connections. */
    @Override
    public void close() {
        try {
            listener.close();
        } catch (IOException ignored) {
            // closing is best effort
        }
        for (Socket socket : connections) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing is best effort
            }
        }
    }
}
