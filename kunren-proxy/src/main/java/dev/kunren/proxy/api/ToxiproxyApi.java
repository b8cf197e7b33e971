package dev.kunren.proxy.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kunren.http.Http1Server;
import dev.kunren.http.LocalApiGuard;
import dev.kunren.http.Request;
import dev.kunren.http.Response;
import dev.kunren.http.ServerLimits;
import dev.kunren.proxy.TcpProxy;
import dev.kunren.proxy.toxic.InvalidToxicException;
import dev.kunren.proxy.toxic.ToxicSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;

/**
 * Toxiproxy's HTTP API: {@code /version}, {@code /proxies}, {@code /proxies/{name}},
 * {@code /proxies/{name}/toxics}, {@code /proxies/{name}/toxics/{toxic}}, {@code /reset},
 * {@code /populate}, with the same JSON shapes and status codes, plus Prometheus {@code /metrics}.
 * Errors are {@code {"error": ..., "status": ...}} as Toxiproxy sends them.
 *
 * <p>It drives this machine's network, so a {@link LocalApiGuard} keeps it for its owner's tools:
 * web pages (cross-site requests, DNS rebinding) are refused, and {@code --token} adds a secret.
 */
public final class ToxiproxyApi implements AutoCloseable {

    /** Toxiproxy's API version we follow, and ours after the dash. */
    public static final String VERSION = "2.12.0-kunren.0.1.0";
    private static final int MAX_BODY = 1024 * 1024;

    private final ProxyRegistry registry;
    private final ObjectMapper json = new ObjectMapper();
    private final Http1Server server;
    private final LocalApiGuard guard;

    /** The API on {@code address}, for loopback tools without a token. */
    public ToxiproxyApi(InetSocketAddress address, ProxyRegistry registry) throws IOException {
        this(address, registry, Set.of(), Optional.empty());
    }

    /**
     * The API on {@code address}; {@code allowedHosts} are further names clients may use for this
     * machine, and {@code token}, if given, must come with every request.
     */
    public ToxiproxyApi(InetSocketAddress address, ProxyRegistry registry, Set<String> allowedHosts, Optional<String> token)
            throws IOException {
        this.registry = registry;
        this.server = Http1Server.start(address, ServerLimits.forPeople(MAX_BODY), null, this::error, this::handle);
        this.guard = new LocalApiGuard(server.address(), allowedHosts, token);
    }

    public InetSocketAddress address() {
        return server.address();
    }

    /** One request and the answer being built for it. */
    private static final class Call {
        final Request request;
        Response response;

        Call(Request request) {
            this.request = request;
        }
    }

    private Response handle(Request request) {
        Call exchange = new Call(request);
        try {
            Optional<LocalApiGuard.Refusal> refusal = guard.check(request);
            if (refusal.isPresent()) {
                throw new ApiException(refusal.get().status(), refusal.get().reason());
            }
            route(exchange, request.method().equals("HEAD") ? "GET" : request.method(), segments(request.path()));
        } catch (ApiException e) {
            return error(e.status(), e.getMessage());
        } catch (InvalidToxicException e) {
            return error(400, e.getMessage());
        } catch (JsonProcessingException e) {
            return error(400, "bad request body: " + e.getOriginalMessage());
        } catch (IOException | RuntimeException e) {
            return error(500, "internal error: " + e);
        }
        return exchange.response;
    }

    private static List<String> segments(String path) {
        List<String> parts = new ArrayList<>();
        for (String part : path.split("/")) {
            if (!part.isEmpty()) {
                parts.add(part);
            }
        }
        return parts;
    }

    private void route(Call exchange, String method, List<String> path) throws IOException {
        String route = path.isEmpty() ? "" : path.getFirst();
        switch (path.size() + ":" + route) {
            case "1:version" -> expect(method, "GET", () -> respond(exchange, 200, "text/plain", VERSION.getBytes(StandardCharsets.UTF_8)));
            case "1:metrics" -> expect(method, "GET", () -> respond(exchange, 200, "text/plain; version=0.0.4",
                    ProxyMetrics.render(registry.all()).getBytes(StandardCharsets.UTF_8)));
            case "1:reset" -> expect(method, "POST", () -> {
                registry.reset();
                respond(exchange, 204, null, new byte[0]);
            });
            case "1:populate" -> expect(method, "POST", () -> populate(exchange));
            case "1:proxies" -> proxies(exchange, method);
            case "2:proxies" -> proxy(exchange, method, path.get(1));
            case "3:proxies" -> {
                requireSegment(path, 2, "toxics");
                toxics(exchange, method, registry.get(path.get(1)));
            }
            case "4:proxies" -> {
                requireSegment(path, 2, "toxics");
                toxic(exchange, method, registry.get(path.get(1)), path.get(3));
            }
            default -> throw new ApiException(404, "not found");
        }
    }

    private static void requireSegment(List<String> path, int index, String expected) {
        if (!path.get(index).equals(expected)) {
            throw new ApiException(404, "not found");
        }
    }

    private interface Action {
        void run() throws IOException;
    }

    private static void expect(String method, String allowed, Action action) throws IOException {
        if (!method.equals(allowed)) {
            throw new ApiException(405, "method " + method + " not allowed; use " + allowed);
        }
        action.run();
    }

    private void proxies(Call exchange, String method) throws IOException {
        switch (method) {
            case "GET" -> {
                ObjectNode all = json.createObjectNode();
                registry.all().forEach(p -> all.set(p.name(), proxyJson(p)));
                respondJson(exchange, 200, all);
            }
            case "POST" -> {
                JsonNode body = body(exchange);
                String name = text(body, "name");
                checkName(name);
                TcpProxy proxy = registry.create(name, text(body, "listen"), text(body, "upstream"),
                        !body.has("enabled") || body.get("enabled").asBoolean());
                respondJson(exchange, 201, proxyJson(proxy));
            }
            default -> throw new ApiException(405, "method " + method + " not allowed; use GET or POST");
        }
    }

    private void proxy(Call exchange, String method, String name) throws IOException {
        TcpProxy proxy = registry.get(name);
        switch (method) {
            case "GET" -> respondJson(exchange, 200, proxyJson(proxy));
            case "POST", "PATCH" -> {
                JsonNode body = body(exchange);
                if (body.has("upstream")) {
                    proxy.setUpstream(Addresses.parse("upstream", text(body, "upstream")));
                }
                if (body.has("listen")) {
                    try {
                        proxy.setListen(Addresses.parse("listen", text(body, "listen")));
                    } catch (IOException e) {
                        throw new ApiException(409, "cannot listen on " + text(body, "listen") + ": " + e.getMessage());
                    }
                }
                if (body.has("enabled")) {
                    try {
                        proxy.setEnabled(body.get("enabled").asBoolean());
                    } catch (IOException e) {
                        throw new ApiException(409, "cannot listen on " + proxy.listenAddress() + ": " + e.getMessage());
                    }
                }
                respondJson(exchange, 200, proxyJson(proxy));
            }
            case "DELETE" -> {
                registry.delete(name);
                respond(exchange, 204, null, new byte[0]);
            }
            default -> throw new ApiException(405, "method " + method + " not allowed; use GET, POST or DELETE");
        }
    }

    private void toxics(Call exchange, String method, TcpProxy proxy) throws IOException {
        switch (method) {
            case "GET" -> {
                ArrayNode list = json.createArrayNode();
                proxy.toxics().forEach(t -> list.add(toxicJson(t)));
                respondJson(exchange, 200, list);
            }
            case "POST" -> {
                JsonNode body = body(exchange);
                ToxicSpec spec = ToxicSpec.of(text(body, "name"), text(body, "type"), text(body, "stream"),
                        body.has("toxicity") ? body.get("toxicity").asDouble() : null, attributes(body))
                        .withTtl(body.has("ttl") ? body.get("ttl").asLong(-1) : 0);
                try {
                    proxy.addToxic(spec);
                } catch (IllegalStateException e) {
                    throw new ApiException(409, "toxic already exists");
                }
                respondJson(exchange, 200, toxicJson(spec));
            }
            default -> throw new ApiException(405, "method " + method + " not allowed; use GET or POST");
        }
    }

    private void toxic(Call exchange, String method, TcpProxy proxy, String toxicName) throws IOException {
        ToxicSpec spec = proxy.toxic(toxicName).orElseThrow(() -> new ApiException(404, "toxic not found"));
        switch (method) {
            case "GET" -> respondJson(exchange, 200, toxicJson(spec));
            case "POST", "PATCH" -> {
                JsonNode body = body(exchange);
                try {
                    ToxicSpec updated = proxy.updateToxic(toxicName,
                            body.has("toxicity") ? body.get("toxicity").asDouble() : null, attributes(body));
                    respondJson(exchange, 200, toxicJson(updated));
                } catch (NoSuchElementException e) {
                    throw new ApiException(404, "toxic not found");
                }
            }
            case "DELETE" -> {
                proxy.removeToxic(toxicName);
                respond(exchange, 204, null, new byte[0]);
            }
            default -> throw new ApiException(405, "method " + method + " not allowed; use GET, POST or DELETE");
        }
    }

    private void populate(Call exchange) throws IOException {
        JsonNode body = body(exchange);
        JsonNode list = body.isArray() ? body : body.get("proxies");
        if (list == null || !list.isArray()) {
            throw new ApiException(400, "populate expects a JSON array of proxies");
        }
        List<ProxyConfig> configs = new ArrayList<>();
        for (JsonNode item : list) {
            String name = text(item, "name");
            checkName(name);
            configs.add(new ProxyConfig(name, text(item, "listen"), text(item, "upstream"),
                    !item.has("enabled") || item.get("enabled").asBoolean()));
        }
        ArrayNode created = json.createArrayNode();
        registry.populate(configs).forEach(p -> created.add(proxyJson(p)));
        ObjectNode result = json.createObjectNode();
        result.set("proxies", created);
        respondJson(exchange, 201, result);
    }

    /** A proxy's name is a path segment of its URL, so it must be one. */
    private static void checkName(String name) {
        if (name == null || name.isBlank()) {
            throw new ApiException(400, "missing required field: name");
        }
        if (name.contains("/") || name.contains("?") || name.contains("#") || name.length() > 200) {
            throw new ApiException(400, "name must be at most 200 characters without / ? or #, but was \"" + name + "\"");
        }
    }

    private Map<String, Object> attributes(JsonNode body) {
        JsonNode attributes = body.get("attributes");
        if (attributes == null || attributes.isNull()) {
            return Map.of();
        }
        if (!attributes.isObject()) {
            throw new ApiException(400, "attributes must be an object");
        }
        Map<String, Object> values = new java.util.LinkedHashMap<>();
        attributes.properties().forEach(e -> values.put(e.getKey(),
                e.getValue().isNumber() ? e.getValue().numberValue() : e.getValue().asText()));
        return values;
    }

    private JsonNode body(Call exchange) throws IOException {
        byte[] bytes = exchange.request.body();
        if (bytes.length == 0) {
            return json.createObjectNode();
        }
        JsonNode node = json.readTree(bytes);
        if (node == null || !(node.isObject() || node.isArray())) {
            throw new ApiException(400, "bad request body: expected a JSON object");
        }
        return node;
    }

    private static String text(JsonNode body, String field) {
        JsonNode value = body.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private ObjectNode proxyJson(TcpProxy proxy) {
        ObjectNode node = json.createObjectNode();
        node.put("name", proxy.name());
        node.put("listen", Addresses.format(proxy.listenAddress()));
        node.put("upstream", Addresses.format(proxy.upstream()));
        node.put("enabled", proxy.isEnabled());
        ArrayNode toxics = node.putArray("toxics");
        proxy.toxics().forEach(t -> toxics.add(toxicJson(t)));
        return node;
    }

    private ObjectNode toxicJson(ToxicSpec toxic) {
        ObjectNode node = json.createObjectNode();
        node.put("name", toxic.name());
        node.put("type", toxic.type().key());
        node.put("stream", toxic.stream().name().toLowerCase(Locale.ROOT));
        node.put("toxicity", toxic.toxicity());
        ObjectNode attributes = node.putObject("attributes");
        for (var attribute : toxic.type().attributes()) {
            if (attribute.text()) {
                attributes.put(attribute.name(), toxic.texts().get(attribute.name()));
            } else {
                attributes.put(attribute.name(), toxic.attributes().get(attribute.name()));
            }
        }
        if (toxic.ttlMillis() > 0) {
            node.put("ttl", toxic.ttlMillis());
        }
        return node;
    }

    /** An error as Toxiproxy sends it; also the server's answer to a request it refused (malformed, too large). */
    private Response error(int status, String message) {
        ObjectNode node = json.createObjectNode();
        node.put("error", message);
        node.put("title", message);
        node.put("status", status);
        try {
            return new Response(status, "application/json", json.writeValueAsBytes(node), Map.of());
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void respondJson(Call exchange, int status, JsonNode body) throws IOException {
        respond(exchange, status, "application/json", json.writeValueAsBytes(body));
    }

    private static void respond(Call exchange, int status, String contentType, byte[] body) {
        exchange.response = new Response(status, contentType, body, Map.of());
    }

    /** Stops the API; the proxies are the registry's to close. */
    @Override
    public void close() {
        server.close();
    }
}
