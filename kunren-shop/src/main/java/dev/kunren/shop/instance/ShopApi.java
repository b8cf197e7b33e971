package dev.kunren.shop.instance;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.kunren.shop.store.Product;
import dev.kunren.shop.store.ShopStore;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The shop's HTTP API as one web instance serves it:
 * {@code GET /products}, {@code GET /products/{id}}, {@code POST /cart}, {@code POST /checkout},
 * and {@code GET /health} for the load balancer.
 */
final class ShopApi implements HttpHandler {

    /** Base service time per route before the capacity model stretches it. */
    private static final Duration BROWSE = Duration.ofMillis(4);
    private static final Duration DETAIL = Duration.ofMillis(2);
    private static final Duration CART = Duration.ofMillis(3);
    private static final Duration CHECKOUT = Duration.ofMillis(8);

    private final String instanceId;
    private final ShopStore store;
    private final CapacityModel capacity;

    ShopApi(String instanceId, ShopStore store, CapacityModel capacity) {
        this.instanceId = instanceId;
        this.store = store;
        this.capacity = capacity;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            exchange.getResponseHeaders().set("X-Served-By", instanceId);
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getPath();
            if (path.equals("/health")) {
                respond(exchange, 200, "{\"status\":\"ok\",\"instance\":\"" + instanceId + "\"}");
                return;
            }
            Admission admission = capacity.admit();
            if (!admission.admitted()) {
                respond(exchange, 503, "{\"error\":\"overloaded\",\"instance\":\"" + instanceId + "\"}");
                return;
            }
            route(exchange, method, path, admission.slowdown());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void route(HttpExchange exchange, String method, String path, double slowdown)
            throws IOException, InterruptedException {
        if (method.equals("GET") && path.equals("/products")) {
            work(BROWSE, slowdown);
            respond(exchange, 200, store.productsJson());
        } else if (method.equals("GET") && path.startsWith("/products/")) {
            work(DETAIL, slowdown);
            Optional<Product> product = parseId(path.substring("/products/".length())).flatMap(store::product);
            if (product.isPresent()) {
                respond(exchange, 200, "{\"id\":" + product.get().id() + ",\"name\":\"" + product.get().name()
                        + "\",\"priceYen\":" + product.get().priceYen() + "}");
            } else {
                respond(exchange, 404, "{\"error\":\"no such product\"}");
            }
        } else if (method.equals("POST") && path.equals("/cart")) {
            work(CART, slowdown);
            addToCart(exchange);
        } else if (method.equals("POST") && path.equals("/checkout")) {
            work(CHECKOUT, slowdown);
            Map<String, String> form = form(exchange);
            long order = store.placeOrder(form.getOrDefault("customer", "anonymous"));
            respond(exchange, 201, "{\"order\":" + order + "}");
        } else {
            respond(exchange, 404, "{\"error\":\"no such route\"}");
        }
    }

    private void addToCart(HttpExchange exchange) throws IOException {
        Map<String, String> form = form(exchange);
        Optional<Product> product = parseId(form.getOrDefault("product", "")).flatMap(store::product);
        Optional<Integer> quantity = parseId(form.getOrDefault("quantity", "1"));
        if (product.isEmpty() || quantity.isEmpty()) {
            respond(exchange, 400, "{\"error\":\"product and quantity must be positive integers\"}");
            return;
        }
        int items = store.addToCart(form.getOrDefault("customer", "anonymous"), product.get(), quantity.get());
        respond(exchange, 200, "{\"items\":" + items + "}");
    }

    private static void work(Duration base, double slowdown) throws InterruptedException {
        Thread.sleep(Duration.ofNanos((long) (base.toNanos() * slowdown)));
    }

    private static Optional<Integer> parseId(String text) {
        try {
            int value = Integer.parseInt(text);
            return value > 0 ? Optional.of(value) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static Map<String, String> form(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readNBytes(8192), StandardCharsets.UTF_8);
        Map<String, String> fields = new HashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                fields.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return fields;
    }

    private static void respond(HttpExchange exchange, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
