package dev.kunren.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kunren.http.Request;
import dev.kunren.http.Response;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** One request and its response, with the path parameters the router matched. */
public final class Exchange {

    static final int MAX_BODY = 256 * 1024;

    private final Request request;
    private final Map<String, String> pathParams;
    private final ObjectMapper json;
    private final boolean trustProxy;
    private final Map<String, String> responseHeaders = new LinkedHashMap<>();
    private Map<String, String> query;
    private Response response;

    Exchange(Request request, Map<String, String> pathParams, ObjectMapper json, boolean trustProxy) {
        this.request = request;
        this.pathParams = pathParams;
        this.json = json;
        this.trustProxy = trustProxy;
    }

    /** The request as the server read it. */
    public Request request() {
        return request;
    }

    public String path(String name) {
        return pathParams.get(name);
    }

    public Optional<String> query(String name) {
        if (query == null) {
            query = new HashMap<>();
            String raw = request.rawQuery();
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
        return Optional.ofNullable(request.header(name));
    }

    /** The body as text; the server has already refused one over its limit (413). */
    public String bodyText() {
        return new String(request.body(), StandardCharsets.UTF_8);
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
        responseHeaders.put(name, value);
    }

    /**
     * The client's IP address, without the port: behind a trusted reverse proxy, the address that
     * proxy saw (the last {@code X-Forwarded-For} entry, the one it added itself).
     */
    public String remoteAddress() {
        String forwarded = trustProxy ? request.header("x-forwarded-for") : null;
        if (forwarded != null && !forwarded.isBlank()) {
            String[] hops = forwarded.split(",");
            return hops[hops.length - 1].strip();
        }
        return request.remote().getAddress().getHostAddress();
    }

    /** Whether the browser reached us over HTTPS: directly, or through a trusted proxy that says so. */
    public boolean secure() {
        String proto = trustProxy ? request.header("x-forwarded-proto") : null;
        return proto != null ? firstHop(proto).equalsIgnoreCase("https") : request.secure();
    }

    /** The host and port the browser addressed: Host, or a trusted proxy's X-Forwarded-Host. */
    public String host() {
        String forwarded = trustProxy ? request.header("x-forwarded-host") : null;
        return forwarded != null ? firstHop(forwarded) : header("Host").orElse("");
    }

    private static String firstHop(String value) {
        int comma = value.indexOf(',');
        return (comma < 0 ? value : value.substring(0, comma)).strip();
    }

    public String method() {
        return request.method();
    }

    /** The request's path, without the query. */
    public String requestPath() {
        return request.path();
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

    /** Answers with a body written as it comes (server-sent events). */
    public void stream(int status, String contentType, Response.Stream stream) {
        respond(new Response(status, contentType, new byte[0], headers(), stream));
    }

    void send(int status, String contentType, byte[] bytes) {
        respond(new Response(status, contentType, bytes, headers()));
    }

    private Map<String, String> headers() {
        responseHeaders.put("Cache-Control", "no-store");
        responseHeaders.put("X-Content-Type-Options", "nosniff");
        return responseHeaders;
    }

    private void respond(Response answer) {
        if (response != null) {
            throw new IllegalStateException("answered twice");
        }
        response = answer;
    }

    /** The answer, once a handler gave one. */
    Optional<Response> response() {
        return Optional.ofNullable(response);
    }

    /** Forgets an answer a handler gave before it failed, so that the problem is sent instead. */
    void discardResponse() {
        response = null;
    }
}
