package dev.kunren.shop.instance;

import dev.kunren.shop.http.Http1Server.Handler;
import dev.kunren.shop.http.Http1Server.Request;
import dev.kunren.shop.http.Http1Server.Response;
import dev.kunren.shop.store.Product;
import dev.kunren.shop.store.ShopStore;
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
final class ShopApi implements Handler {

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
    public Response handle(Request request) throws InterruptedException {
        return route(request).withHeader("X-Served-By", instanceId);
    }

    private Response route(Request request) throws InterruptedException {
        String method = request.method();
        String path = request.path();
        if (path.equals("/health")) {
            return Response.json(200, "{\"status\":\"ok\",\"instance\":\"" + instanceId + "\"}");
        }
        Admission admission = capacity.admit();
        if (!admission.admitted()) {
            return Response.json(503, "{\"error\":\"overloaded\",\"instance\":\"" + instanceId + "\"}");
        }
        double slowdown = admission.slowdown();
        if (method.equals("GET") && path.equals("/products")) {
            work(BROWSE, slowdown);
            return Response.json(200, store.productsJson());
        }
        if (method.equals("GET") && path.startsWith("/products/")) {
            work(DETAIL, slowdown);
            Optional<Product> product = positive(path.substring("/products/".length())).flatMap(store::product);
            return product.map(p -> Response.json(200, "{\"id\":" + p.id() + ",\"name\":\"" + p.name()
                            + "\",\"priceYen\":" + p.priceYen() + "}"))
                    .orElseGet(() -> Response.json(404, "{\"error\":\"no such product\"}"));
        }
        if (method.equals("POST") && path.equals("/cart")) {
            work(CART, slowdown);
            return addToCart(form(request));
        }
        if (method.equals("POST") && path.equals("/checkout")) {
            work(CHECKOUT, slowdown);
            long order = store.placeOrder(form(request).getOrDefault("customer", "anonymous"));
            return Response.json(201, "{\"order\":" + order + "}");
        }
        return Response.json(404, "{\"error\":\"no such route\"}");
    }

    private Response addToCart(Map<String, String> form) {
        Optional<Product> product = positive(form.getOrDefault("product", "")).flatMap(store::product);
        Optional<Integer> quantity = positive(form.getOrDefault("quantity", "1"));
        if (product.isEmpty() || quantity.isEmpty()) {
            return Response.json(400, "{\"error\":\"product and quantity must be positive integers\"}");
        }
        int items = store.addToCart(form.getOrDefault("customer", "anonymous"), product.get(), quantity.get());
        return Response.json(200, "{\"items\":" + items + "}");
    }

    private static void work(Duration base, double slowdown) throws InterruptedException {
        Thread.sleep(Duration.ofNanos((long) (base.toNanos() * slowdown)));
    }

    private static Optional<Integer> positive(String text) {
        try {
            int value = Integer.parseInt(text);
            return value > 0 ? Optional.of(value) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static Map<String, String> form(Request request) {
        String body = new String(request.body(), StandardCharsets.UTF_8);
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
}
