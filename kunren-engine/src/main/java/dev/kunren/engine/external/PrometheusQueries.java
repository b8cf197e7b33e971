package dev.kunren.engine.external;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kunren.engine.alert.AlertRule;
import dev.kunren.http.Http1Client;
import dev.kunren.http.HttpResult;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;

/**
 * The team's Prometheus, asked the PromQL of each rule (its HTTP API, {@code /api/v1/query}) in
 * the background: a round starts at a tick when the last one is done, so a slow Prometheus never
 * holds the drill, and rules read the latest answers. A query that fails or returns no series
 * has no value, as in Prometheus, where an alert without data does not fire.
 */
final class PrometheusQueries implements AutoCloseable {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;
    private final List<AlertRule> rules;
    private final ExecutorService background;
    private final Http1Client client = new Http1Client(Duration.ofSeconds(2));
    private final Map<String, Double> latest = new ConcurrentHashMap<>();
    private final Map<String, String> headers;
    private CompletableFuture<Void> round = CompletableFuture.completedFuture(null);

    PrometheusQueries(URI base, List<AlertRule> rules, ExecutorService background) {
        this.base = base;
        this.rules = List.copyOf(rules);
        this.background = background;
        Map<String, String> auth = new HashMap<>();
        if (base.getRawUserInfo() != null) {
            auth.put("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    java.net.URLDecoder.decode(base.getRawUserInfo(), StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8)));
        }
        this.headers = Map.copyOf(auth);
    }

    /** Starts a round of queries unless one is still running. */
    synchronized void refresh() {
        if (rules.isEmpty() || !round.isDone()) {
            return;
        }
        round = CompletableFuture.runAsync(() -> rules.forEach(rule -> {
            OptionalDouble value = query(rule);
            if (value.isPresent()) {
                latest.put(rule.name(), value.getAsDouble());
            } else {
                latest.remove(rule.name());
            }
        }), background);
    }

    /** The latest answer to each rule's query, by rule name. */
    Map<String, Double> latest() {
        return Map.copyOf(latest);
    }

    private OptionalDouble query(AlertRule rule) {
        try {
            boolean tls = base.getScheme().equals("https");
            int port = base.getPort() >= 0 ? base.getPort() : tls ? 443 : 80;
            var target = new Http1Client.Target(new InetSocketAddress(InetAddress.getByName(base.getHost()), port), base.getHost(), tls);
            String prefix = base.getRawPath() == null ? "" : base.getRawPath().replaceAll("/+$", "");
            HttpResult result = client.send(target, "GET", prefix + "/api/v1/query?query="
                    + URLEncoder.encode(rule.query(), StandardCharsets.UTF_8), new byte[0], null, headers, TIMEOUT);
            if (result.status() != 200) {
                return OptionalDouble.empty();
            }
            return value(JSON.readTree(result.body()), rule.above());
        } catch (IOException | RuntimeException e) {
            return OptionalDouble.empty();
        }
    }

    /** A vector's worst series (highest for an above rule, lowest for below), or a scalar. */
    static OptionalDouble value(JsonNode answer, boolean above) {
        JsonNode data = answer.path("data");
        JsonNode result = data.path("result");
        if (data.path("resultType").asText().equals("scalar")) {
            return number(result.path(1));
        }
        OptionalDouble worst = OptionalDouble.empty();
        for (JsonNode series : result) {
            OptionalDouble value = number(series.path("value").path(1));
            if (value.isPresent() && (worst.isEmpty() || (above ? value.getAsDouble() > worst.getAsDouble()
                    : value.getAsDouble() < worst.getAsDouble()))) {
                worst = value;
            }
        }
        return worst;
    }

    private static OptionalDouble number(JsonNode text) {
        try {
            double value = Double.parseDouble(text.asText());
            return Double.isNaN(value) ? OptionalDouble.empty() : OptionalDouble.of(value);
        } catch (NumberFormatException e) {
            return OptionalDouble.empty();
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
