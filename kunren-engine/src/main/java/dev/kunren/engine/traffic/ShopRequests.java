package dev.kunren.engine.traffic;

import dev.kunren.http.Http1Client;
import dev.kunren.shop.store.ShopStore;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;
import java.util.Random;

/** The practice shop's customers: browsing, product pages, carts and checkouts in the scenario's mix. */
final class ShopRequests implements Requests {

    private static final byte[] NO_BODY = new byte[0];
    private static final String FORM = "application/x-www-form-urlencoded";

    private record ShopRequest(RequestKind kind, int product, int customer) {
    }

    private final InetSocketAddress shop;
    private final TrafficSpec spec;
    private final Http1Client client;
    private final RequestKind[] weightedKinds;

    ShopRequests(URI shop, TrafficSpec spec, Http1Client client) {
        this.shop = new InetSocketAddress(shop.getHost(), shop.getPort());
        this.spec = spec;
        this.client = client;
        this.weightedKinds = weighted(spec.mix());
    }

    private static RequestKind[] weighted(Map<RequestKind, Integer> mix) {
        return new EnumMap<>(mix).entrySet().stream()
                .flatMap(e -> java.util.Collections.nCopies(e.getValue(), e.getKey()).stream())
                .toArray(RequestKind[]::new);
    }

    boolean any() {
        return weightedKinds.length > 0;
    }

    @Override
    public Object pick(Random random) {
        return new ShopRequest(weightedKinds[random.nextInt(weightedKinds.length)],
                random.nextInt(1, ShopStore.catalogSize() + 1), random.nextInt(1, 1000));
    }

    @Override
    public RequestOutcome send(Object request, long startNanos) throws IOException {
        ShopRequest r = (ShopRequest) request;
        int status = status(r.kind(), r.product(), r.customer());
        return new RequestOutcome(r.kind().key(), status, System.nanoTime() - startNanos, status >= 500);
    }

    @Override
    public RequestOutcome broken(Object request, long startNanos) {
        return new RequestOutcome(((ShopRequest) request).kind().key(), 0, System.nanoTime() - startNanos, true);
    }

    int status(RequestKind kind, int product, int customer) throws IOException {
        return switch (kind) {
            case BROWSE -> client.send(shop, "GET", "/products", NO_BODY, null, spec.timeout()).status();
            case PRODUCT -> client.send(shop, "GET", "/products/" + product, NO_BODY, null, spec.timeout()).status();
            case CART -> client.send(shop, "POST", "/cart", form("customer=c" + customer + "&product=" + product + "&quantity=1"),
                    FORM, spec.timeout()).status();
            case CHECKOUT -> client.send(shop, "POST", "/checkout", form("customer=c" + customer), FORM, spec.timeout()).status();
        };
    }

    private static byte[] form(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
