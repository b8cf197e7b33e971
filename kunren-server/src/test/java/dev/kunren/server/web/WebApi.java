package dev.kunren.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The web API over real HTTP, as the tests call it: a caller is its session cookie and CSRF token
 * ({@code null} for a stranger).
 */
final class WebApi implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient client = HttpClient.newHttpClient();
    private final WebServer server;

    WebApi(WebServer server) {
        this.server = server;
    }

    /** Signs in (as the facilitator, or joins a team) and returns the caller. */
    String[] signIn(String path, Map<String, String> body) throws Exception {
        HttpResponse<String> response = send(null, "POST", path, JSON.writeValueAsString(body));
        return new String[] {response.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0],
                JSON.readTree(response.body()).path("csrfToken").asText()};
    }

    HttpResponse<String> send(String[] caller, String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.address().getPort() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (caller != null) {
            request.header("Cookie", caller[0]).header("X-CSRF-Token", caller[1]);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Calls and reads the JSON answer, which must be a success. */
    JsonNode json(String[] caller, String method, String path, String body) throws Exception {
        HttpResponse<String> response = send(caller, method, path, body);
        assertThat(response.statusCode()).as(method + " " + path + ": " + response.body()).isBetween(200, 299);
        return JSON.readTree(response.body());
    }

    /** GETs {@code path} until its answer shows what is awaited, for at most 20 seconds. */
    JsonNode await(String[] caller, String path, Predicate<JsonNode> until) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        JsonNode node = json(caller, "GET", path, null);
        while (!until.test(node) && System.nanoTime() < deadline) {
            Thread.sleep(20);
            node = json(caller, "GET", path, null);
        }
        assertThat(until.test(node)).as(path + " never showed what was awaited: " + node).isTrue();
        return node;
    }

    /** Waits, at most 10 seconds, until a started drill's environments serve. */
    void awaitRunning(String drillId) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (server.drills().drill(drillId).phase() != LiveDrill.Phase.RUNNING && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(server.drills().drill(drillId).phase()).isEqualTo(LiveDrill.Phase.RUNNING);
    }

    @Override
    public void close() {
        client.close();
    }
}
