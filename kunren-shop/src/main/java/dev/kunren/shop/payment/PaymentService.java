package dev.kunren.shop.payment;

import dev.kunren.http.Http1Server;
import dev.kunren.http.Request;
import dev.kunren.http.Response;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The external payment provider the checkout depends on: a real HTTP server on loopback, reached
 * from the web instances through a fault-proxy link so that it can be slowed, broken or cut off.
 */
public final class PaymentService implements AutoCloseable {

    private final AtomicLong charges = new AtomicLong();
    private final Http1Server server;

    public PaymentService() throws IOException {
        server = Http1Server.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), this::handle);
    }

    private Response handle(Request request) {
        if (request.method().equals("POST") && request.path().equals("/v1/charges")) {
            return Response.json(201, "{\"id\":\"ch_" + charges.incrementAndGet() + "\",\"status\":\"succeeded\"}");
        }
        return Response.json(404, "{\"error\":\"no such route\"}");
    }

    public int port() {
        return server.port();
    }

    public long charges() {
        return charges.get();
    }

    @Override
    public void close() {
        server.close();
    }
}
