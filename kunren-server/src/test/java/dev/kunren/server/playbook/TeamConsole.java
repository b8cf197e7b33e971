package dev.kunren.server.playbook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kunren.server.console.ConsoleApi;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Predicate;

/**
 * A team member at the console API, over real HTTP: what a playbook uses to follow a runbook.
 * Waits are bounded by the drill's own length in real time.
 */
final class TeamConsole {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient client = HttpClient.newHttpClient();
    private final String base;
    private final Duration patience;

    TeamConsole(InetSocketAddress api, String team, Duration patience) {
        this.base = "http://127.0.0.1:" + api.getPort() + "/api/teams/" + team;
        this.patience = patience;
    }

    JsonNode get(String path) throws IOException, InterruptedException {
        return send("GET", path, null);
    }

    JsonNode post(String path) throws IOException, InterruptedException {
        return send("POST", path, "");
    }

    JsonNode post(String path, String body) throws IOException, InterruptedException {
        return send("POST", path, body);
    }

    JsonNode put(String path, String body) throws IOException, InterruptedException {
        return send("PUT", path, body);
    }

    String text(String path) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(URI.create(base + path)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private JsonNode send(String method, String path, String body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + path)).header(ConsoleApi.ACTOR_HEADER, "ideal-team")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build();
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 400) {
            throw new IllegalStateException(method + " " + path + " → " + response.statusCode() + " " + response.body());
        }
        return JSON.readTree(response.body());
    }

    /** Waits until the alert rule is firing for the team, as a paged on-call would. */
    void awaitFiring(String rule) throws Exception {
        awaitJson("/alerts", alerts -> {
            for (JsonNode alert : alerts.path("firing")) {
                if (alert.path("rule").asText().equals(rule)) {
                    return true;
                }
            }
            return false;
        });
    }

    /** Polls a read until it shows what the runbook says to wait for. */
    JsonNode awaitJson(String path, Predicate<JsonNode> condition) throws Exception {
        long deadline = System.nanoTime() + patience.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                JsonNode value = get(path);
                if (condition.test(value)) {
                    return value;
                }
            } catch (IllegalStateException notYet) {
                // the environment is not up yet
            }
            Thread.sleep(20);
        }
        throw new AssertionError("gave up waiting on " + path + " after " + patience);
    }
}
