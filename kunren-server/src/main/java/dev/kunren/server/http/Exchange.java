package dev.kunren.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** One request and its response, with the path parameters the router matched. */
public final class Exchange {

    static final int MAX_BODY = 256 * 1024;

    private final HttpExchange http;
    private final Map<String, String> pathParams;
    private final ObjectMapper json;
    private Map<String, String> query;
    private byte[] body;

    Exchange(HttpExchange http, Map<String, String> pathParams, ObjectMapper json) {
        this.http = http;
        this.pathParams = pathParams;
        this.json = json;
    }

    public String path(String name) {
        return pathParams.get(name);
    }

    public Optional<String> query(String name) {
        if (query == null) {
            query = new HashMap<>();
            String raw = http.getRequestURI().getRawQuery();
            if (raw != null) {
                for (String pair : raw.split("&")) {
                    int eq = pair.indexOf('=');
                    String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                    query.put(key, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return Optional.ofNullable(query.get(name)).filter(v -> !v.isEmpty());
    }

    public Optional<Integer> queryInt(String name) {
        return query(name).map(v -> {
            try {
                return Integer.parseInt(v);
            } catch (NumberFormatException e) {
                throw Problem.badRequest("query parameter " + name + " must be a whole number, not \"" + v + "\"");
            }
        });
    }

    public Optional<String> header(String name) {
        return Optional.ofNullable(http.getRequestHeaders().getFirst(name));
    }

    public String bodyText() throws IOException {
        if (body == null) {
            try (InputStream in = http.getRequestBody()) {
                body = in.readNBytes(MAX_BODY + 1);
            }
            if (body.length > MAX_BODY) {
                throw new Problem(413, "Request too large", "a request body may be at most " + MAX_BODY + " bytes");
            }
        }
        return new String(body, StandardCharsets.UTF_8);
    }

    /** The body as a JSON object; an empty body is an empty object. */
    public JsonNode bodyJson() throws IOException {
        String text = bodyText();
        if (text.isBlank()) {
            return json.createObjectNode();
        }
        try {
            JsonNode node = json.readTree(text);
            if (node == null || !node.isObject()) {
                throw Problem.badRequest("the request body must be a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            // a limit broken (nesting too deep, a number too long) has no location
            throw Problem.badRequest("the request body is not valid JSON: " + e.getOriginalMessage() + (e.getLocation() == null ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr()));
        }
    }

    /** Sets a response header; call before the body is sent. */
    public void responseHeader(String name, String value) {
        http.getResponseHeaders().add(name, value);
    }

    /** The raw exchange, for streaming responses (server-sent events). */
    public HttpExchange raw() {
        return http;
    }

    /** The client's IP address, without the port. */
    public String remoteAddress() {
        return http.getRemoteAddress().getAddress().getHostAddress();
    }

    public String method() {
        return http.getRequestMethod();
    }

    public void json(int status, Object value) throws IOException {
        send(status, "application/json", json.writeValueAsBytes(value));
    }

    public void text(int status, String contentType, String text) throws IOException {
        send(status, contentType, text.getBytes(StandardCharsets.UTF_8));
    }

    public void bytes(int status, String contentType, byte[] bytes) throws IOException {
        send(status, contentType, bytes);
    }

    void send(int status, String contentType, byte[] bytes) throws IOException {
        http.getResponseHeaders().set("Content-Type", contentType);
        http.getResponseHeaders().set("Cache-Control", "no-store");
        http.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        http.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = http.getResponseBody()) {
                out.write(bytes);
            }
        }
    }
}
