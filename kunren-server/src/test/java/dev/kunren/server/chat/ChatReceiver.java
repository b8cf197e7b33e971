package dev.kunren.server.chat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A chat's incoming webhook on loopback: keeps every body posted to {@code /hook/NAME}, per name, and answers {@code status}. */
final class ChatReceiver implements AutoCloseable {

    private final HttpServer server;
    private final java.util.Map<String, List<String>> posts = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile int status = 200;

    ChatReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/hook/", exchange -> {
            String name = exchange.getRequestURI().getPath().substring("/hook/".length());
            posts.computeIfAbsent(name, n -> new CopyOnWriteArrayList<>())
                    .add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
    }

    String url(String name) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook/" + name;
    }

    List<String> posts(String name) {
        return List.copyOf(posts.getOrDefault(name, List.of()));
    }

    /** The status the next posts are answered with: 500 plays a chat that is down. */
    void answer(int status) {
        this.status = status;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
