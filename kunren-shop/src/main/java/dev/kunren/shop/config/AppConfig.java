package dev.kunren.shop.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;

/**
 * The web application's configuration, read from {@code app-config.json} in the config bucket
 * when an instance starts and when it is told to reload.
 *
 * @param databaseTimeout how long a query may wait (for a lock, or on a dropped route)
 * @param paymentTimeout  how long checkout waits for the payment API
 * @param deferPayments   when the payment API fails, accept the order and charge later instead of
 *                        failing the checkout (graceful degradation)
 * @param cacheTtl        how long catalog reads are cached
 */
public record AppConfig(Duration databaseTimeout, Duration paymentTimeout, boolean deferPayments, Duration cacheTtl) {

    public static final String KEY = "app-config.json";
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /** Every setting the application reads. */
    static final java.util.List<String> FIELDS = java.util.List.of("databaseTimeoutMs", "paymentTimeoutMs", "paymentFallback",
            "cacheTtlSeconds");

    public static final String DEFAULT_JSON = """
            {
              "databaseTimeoutMs": 1000,
              "paymentTimeoutMs": 1500,
              "paymentFallback": "fail",
              "cacheTtlSeconds": 30
            }
            """;

    /** Parses a config file; a broken one is an {@link InvalidConfigException} saying why. */
    public static AppConfig parse(String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            // a limit broken (nesting too deep, a number too long) has no location
            throw new InvalidConfigException("app-config.json is not valid JSON: " + e.getOriginalMessage() + (e.getLocation() == null
                    ? "" : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr()));
        }
        if (root == null || !root.isObject()) {
            throw new InvalidConfigException("app-config.json must hold a JSON object");
        }
        for (var field = root.fieldNames(); field.hasNext(); ) {
            String name = field.next();
            if (!FIELDS.contains(name)) {  // a typo or a wrapper would otherwise pass, unused, as a valid config
                throw new InvalidConfigException("app-config.json has no setting \"" + name + "\"; its settings are "
                        + String.join(", ", FIELDS) + (root.has("content") ? " (was the console's answer uploaded instead of its content?)" : ""));
            }
        }
        String fallback = root.path("paymentFallback").asText("fail");
        if (!fallback.equals("fail") && !fallback.equals("defer")) {
            throw new InvalidConfigException("paymentFallback must be \"fail\" or \"defer\", not \"" + fallback + "\"");
        }
        return new AppConfig(millis(root, "databaseTimeoutMs", 1000), millis(root, "paymentTimeoutMs", 1500),
                fallback.equals("defer"), Duration.ofSeconds(number(root, "cacheTtlSeconds", 30, 0, 3600)));
    }

    private static Duration millis(JsonNode root, String field, long defaultValue) {
        return Duration.ofMillis(number(root, field, defaultValue, 1, 60_000));
    }

    private static long number(JsonNode root, String field, long defaultValue, long min, long max) {
        JsonNode node = root.get(field);
        if (node == null) {
            return defaultValue;
        }
        if (!node.canConvertToLong() || node.asLong() < min || node.asLong() > max) {
            throw new InvalidConfigException(field + " must be a whole number within " + min + ".." + max + ", not " + node);
        }
        return node.asLong();
    }

    /** A config file the application cannot run with. */
    public static final class InvalidConfigException extends RuntimeException {
        public InvalidConfigException(String message) {
            super(message);
        }
    }
}
