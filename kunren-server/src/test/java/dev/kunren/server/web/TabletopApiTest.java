package dev.kunren.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kunren.server.store.JdbcEventStore;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A tabletop drill over real HTTP: messages, answers, an improvised message, the scenario's roles and components, expectations. */
class TabletopApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient client = HttpClient.newHttpClient();
    private JdbcEventStore store;
    private WebServer server;
    private String drill;
    private String[] member;
    private String[] facilitator;

    @BeforeEach
    void start() throws Exception {
        store = JdbcEventStore.open("jdbc:h2:mem:tabletop-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "", "");
        server = new WebServer(store, Path.of("scenarios"), Clock.systemUTC()).start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        facilitator = signIn("/api/session/link", Map.of("token", server.oneTimeSignInToken()));
        drill = json(facilitator, "POST", "/api/drills", "{\"scenario\":\"customer-support\",\"speed\":60}").path("id").asText();
        String code = json(facilitator, "POST", "/api/drills/" + drill + "/teams", "{\"name\":\"red\"}").path("joinCode").asText();
        member = signIn("/api/session/join", Map.of("code", code, "name", "Aiko"));
        json(facilitator, "POST", "/api/drills/" + drill + "/start", "");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!server.drills().drill(drill).phase().equals(LiveDrill.Phase.RUNNING) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }

    @AfterEach
    void stop() {
        server.close();
        store.close();
        client.close();
    }

    private String[] signIn(String path, Map<String, String> body) throws Exception {
        HttpResponse<String> response = send(null, "POST", path, JSON.writeValueAsString(body));
        return new String[] {response.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0],
                JSON.readTree(response.body()).path("csrfToken").asText()};
    }

    private HttpResponse<String> send(String[] caller, String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.address().getPort() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (caller != null) {
            request.header("Cookie", caller[0]).header("X-CSRF-Token", caller[1]);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode json(String[] caller, String method, String path, String body) throws Exception {
        HttpResponse<String> response = send(caller, method, path, body);
        assertThat(response.statusCode()).as(method + " " + path + ": " + response.body()).isBetween(200, 299);
        return JSON.readTree(response.body());
    }

    private JsonNode awaitJson(String[] caller, String path, java.util.function.Predicate<JsonNode> until) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        JsonNode node = json(caller, "GET", path, null);
        while (!until.test(node) && System.nanoTime() < deadline) {
            Thread.sleep(20);
            node = json(caller, "GET", path, null);
        }
        assertThat(until.test(node)).as(path + " never showed what was awaited: " + node).isTrue();
        return node;
    }

    @Test
    void messages_arrive_are_answered_and_expectations_are_scored() throws Exception {
        String team = "/api/drills/" + drill + "/teams/red";
        JsonNode summary = json(member, "GET", "/api/drills/" + drill, null);
        assertThat(summary.path("tabletop").asBoolean()).isTrue();
        assertThat(summary.path("incident").path("roles")).extracting(JsonNode::asText)
                .containsExactly("incident-commander", "customer-liaison", "internal-liaison", "scribe");
        assertThat(send(member, "GET", team + "/instances", null).statusCode()).as("no system to operate").isEqualTo(409);

        JsonNode messages = awaitJson(member, team + "/messages", m -> m.size() >= 1);
        JsonNode first = messages.get(0);
        assertThat(first.path("id").asText()).isEqualTo("outage-reported");
        assertThat(first.path("to").asText()).isEqualTo("incident-commander");
        assertThat(first.path("text").path("ja").asText()).startsWith("共有です");

        assertThat(send(member, "POST", team + "/messages/nope/answers", "{\"text\":\"hi\"}").statusCode()).isEqualTo(404);
        assertThat(send(member, "POST", team + "/messages/outage-reported/answers", "{\"text\":\"  \"}").statusCode()).isEqualTo(400);
        json(member, "POST", team + "/messages/outage-reported/answers", "{\"text\":\"Thanks, declaring now\"}");
        assertThat(json(member, "GET", team + "/messages", null).get(0).path("answers").get(0).path("by").asText()).isEqualTo("Aiko");

        assertThat(send(member, "POST", team + "/incidents/INC-1/roles/deputy", "{}").statusCode()).as("not a role here").isEqualTo(409);
        json(member, "POST", team + "/incidents", "{\"title\":\"Bookings fail\",\"severity\":\"SEV2\",\"components\":[\"booking\"]}");
        json(member, "POST", team + "/incidents/INC-1/roles/customer-liaison", "{}");
        json(member, "POST", team + "/incidents/INC-1/public-updates",
                "{\"status\":\"investigating\",\"message\":\"Booking fails for some members.\",\"components\":{\"booking\":\"major-outage\"}}");
        assertThat(json(null, "GET", "/api/status/" + drill + "/red", null).path("components").path("booking").asText())
                .isEqualTo("major-outage");
        assertThat(send(member, "POST", team + "/incidents/INC-1/public-updates",
                "{\"status\":\"investigating\",\"message\":\"x\",\"components\":{\"checkout\":\"major-outage\"}}").statusCode())
                .as("not a component here").isEqualTo(400);

        JsonNode expectations = awaitJson(member, team + "/expectations",
                e -> e.findValues("state").stream().filter(s -> s.asText().equals("met")).count() >= 2);
        assertThat(expectations).extracting(e -> e.path("id").asText() + " " + e.path("state").asText())
                .contains("outage-reported/declare met", "outage-reported/first-public-update met")
                .noneMatch(row -> row.startsWith("customer-call"));  // its message has not come yet
        JsonNode all = json(facilitator, "GET", team + "/expectations", null);
        assertThat(all).hasSize(8);
        assertThat(all.findValues("state")).extracting(JsonNode::asText).contains("waiting");

        assertThat(send(facilitator, "POST", team + "/messages", "{\"from\":\"CEO\",\"to\":\"ceo\",\"text\":\"ETA?\"}").statusCode())
                .isEqualTo(400);
        assertThat(send(facilitator, "POST", team + "/messages", "{\"from\":\"CEO\",\"to\":\"incident-commander\",\"text\":\"ETA?\"}")
                .statusCode()).isEqualTo(202);
        awaitJson(member, team + "/messages", m -> m.findValues("from").stream().anyMatch(f -> f.asText().equals("CEO")));

        JsonNode board = json(member, "GET", "/api/drills/" + drill + "/scoreboard", null);
        assertThat(board.get(0).path("score").asDouble()).as("two expectations met, 100 points each").isGreaterThanOrEqualTo(200);
    }
}
