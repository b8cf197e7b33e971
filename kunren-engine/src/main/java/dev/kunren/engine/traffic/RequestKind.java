package dev.kunren.engine.traffic;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** What a virtual customer does in one request. */
public enum RequestKind {
    BROWSE("browse"),
    PRODUCT("product"),
    CART("cart"),
    CHECKOUT("checkout");

    private final String key;

    RequestKind(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }

    public static Optional<RequestKind> byKey(String key) {
        return Arrays.stream(values()).filter(k -> k.key.equals(key)).findFirst();
    }

    public static List<String> keys() {
        return Arrays.stream(values()).map(RequestKind::key).toList();
    }
}
