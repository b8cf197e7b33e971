package dev.kunren.shop.instance;

import dev.kunren.shop.DrillTime;
import dev.kunren.shop.config.AppConfig;
import dev.kunren.shop.database.DatabaseException;
import dev.kunren.http.Http1Server.Handler;
import dev.kunren.http.Request;
import dev.kunren.http.Response;
import dev.kunren.shop.network.NetworkRules;
import dev.kunren.shop.payment.PaymentClient.PaymentException;
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
 * {@code GET /products} (through the cache), {@code GET /products/{id}}, {@code POST /cart},
 * {@code POST /checkout} (an order in the database, a charge at the payment API), and
 * {@code GET /health} for the load balancer. The health check is shallow, as many are: it says
 * the process is up, not that its configuration or dependencies work.
 */
final class ShopApi implements Handler {

    /** Base service time per route before the capacity model stretches it. */
    private static final Duration BROWSE = Duration.ofMillis(4);
    private static final Duration DETAIL = Duration.ofMillis(2);
    private static final Duration CART = Duration.ofMillis(3);
    private static final Duration CHECKOUT = Duration.ofMillis(8);
    private static final Duration CACHE_TIMEOUT = Duration.ofMillis(200);

    private final WebInstance instance;
    private final Backends backends;
    private final ShopStore store;

    ShopApi(WebInstance instance, Backends backends) {
        this.instance = instance;
        this.backends = backends;
        this.store = backends.database().data();
    }

    @Override
    public Response handle(Request request) throws InterruptedException {
        return route(request).withHeader("X-Served-By", instance.id());
    }

    private Response route(Request request) throws InterruptedException {
        String method = request.method();
        String path = request.path();
        if (path.equals("/health")) {
            return Response.json(200, "{\"status\":\"ok\",\"instance\":\"" + instance.id() + "\"}");
        }
        Admission admission = instance.capacity().admit();
        if (!admission.admitted()) {
            return Response.json(503, "{\"error\":\"overloaded\",\"instance\":\"" + instance.id() + "\"}");
        }
        WebInstance.ConfigState state = instance.configState();
        if (state.config() == null) {
            backends.logs().error(instance.id(), "500 " + method + " " + path + ": configuration error: " + state.problem());
            return Response.json(500, "{\"error\":\"configuration error\"}");
        }
        AppConfig config = state.config();
        double slowdown = admission.slowdown();
        try {
            if (method.equals("GET") && path.equals("/products")) {
                work(BROWSE, slowdown);
                return Response.json(200, catalog(config));
            }
            if (method.equals("GET") && path.startsWith("/products/")) {
                work(DETAIL, slowdown);
                Optional<Integer> id = positive(path.substring("/products/".length()));
                Optional<Product> product = id.isEmpty() ? Optional.empty()
                        : query(config, "SELECT * FROM products WHERE id = $1", () -> store.product(id.get()));
                return product.map(p -> Response.json(200, "{\"id\":" + p.id() + ",\"name\":\"" + p.name()
                                + "\",\"priceYen\":" + p.priceYen() + "}"))
                        .orElseGet(() -> Response.json(404, "{\"error\":\"no such product\"}"));
            }
            if (method.equals("POST") && path.equals("/cart")) {
                work(CART, slowdown);
                return addToCart(config, form(request));
            }
            if (method.equals("POST") && path.equals("/checkout")) {
                work(CHECKOUT, slowdown);
                return checkout(config, form(request).getOrDefault("customer", "anonymous"));
            }
            return Response.json(404, "{\"error\":\"no such route\"}");
        } catch (DatabaseException e) {
            backends.logs().error(instance.id(), "500 " + method + " " + path + ": database: " + e.getMessage());
            return Response.json(500, "{\"error\":\"database error\"}");
        }
    }

    private String catalog(AppConfig config) throws DatabaseException, InterruptedException {
        Duration now = now();
        if (reachable(NetworkRules.WEB_TO_CACHE, CACHE_TIMEOUT)) {
            Optional<String> cached = backends.cache().get("products", now);
            if (cached.isPresent()) {
                return cached.get();
            }
        } else {
            backends.logs().warn(instance.id(), "cache unreachable: timed out after " + CACHE_TIMEOUT.toMillis() + " ms");
        }
        String json = query(config, "SELECT * FROM products ORDER BY id", store::productsJson);
        if (backends.network().allows(NetworkRules.WEB_TO_CACHE)) {
            backends.cache().put("products", json, config.cacheTtl(), now);
        }
        return json;
    }

    private Response addToCart(AppConfig config, Map<String, String> form) throws DatabaseException, InterruptedException {
        Optional<Product> product = positive(form.getOrDefault("product", "")).flatMap(store::product);
        Optional<Integer> quantity = positive(form.getOrDefault("quantity", "1"));
        if (product.isEmpty() || quantity.isEmpty()) {
            return Response.json(400, "{\"error\":\"product and quantity must be positive integers\"}");
        }
        String customer = form.getOrDefault("customer", "anonymous");
        connectToDatabase(config);
        int items = backends.database().write("INSERT INTO cart_items (customer, product, quantity) VALUES ($1, $2, $3)",
                false, config.databaseTimeout(), now(), () -> store.addToCart(customer, product.get(), quantity.get()));
        backends.database().acknowledged(now(), 0);
        return Response.json(200, "{\"items\":" + items + "}");
    }

    private Response checkout(AppConfig config, String customer) throws DatabaseException, InterruptedException {
        boolean deferred = false;
        try {
            backends.payment().charge(customer, 2400, config.paymentTimeout());
        } catch (PaymentException e) {
            if (!config.deferPayments()) {
                backends.logs().error(instance.id(), "502 POST /checkout: " + e.getMessage());
                return Response.json(502, "{\"error\":\"payment failed\"}");
            }
            backends.logs().warn(instance.id(), "payment deferred: " + e.getMessage());
            backends.payment().deferred();
            deferred = true;
        }
        connectToDatabase(config);
        long order = backends.database().write("INSERT INTO orders (customer, total) VALUES ($1, $2)", true,
                config.databaseTimeout(), now(), () -> store.placeOrder(customer));
        backends.database().acknowledged(now(), order);
        return Response.json(201, "{\"order\":" + order + (deferred ? ",\"payment\":\"deferred\"" : "") + "}");
    }

    /** A read on the database through the web-to-db route. */
    private <T> T query(AppConfig config, String sql, java.util.function.Supplier<T> work)
            throws DatabaseException, InterruptedException {
        connectToDatabase(config);
        return backends.database().read(sql, now(), work::get);
    }

    private void connectToDatabase(AppConfig config) throws DatabaseException, InterruptedException {
        if (!reachable(NetworkRules.WEB_TO_DB, config.databaseTimeout())) {
            throw new DatabaseException("connection to " + backends.database().writerEndpoint() + " timed out after "
                    + config.databaseTimeout().toMillis() + " ms");
        }
    }

    /**
     * Whether a route lets packets through; a dropped route costs the caller its timeout first,
     * as a connection attempt into a black hole does.
     */
    private boolean reachable(String route, Duration timeout) throws InterruptedException {
        if (backends.network().allows(route)) {
            return true;
        }
        Thread.sleep(timeout);
        return false;
    }

    private Duration now() {
        return DrillTime.now(backends.drillClock());
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
