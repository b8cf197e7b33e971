package dev.kunren.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kunren.server.store.JdbcEventStore;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A tabletop drill over real HTTP: messages, answers, an improvised message, the scenario's roles and components, expectations. */
class TabletopApiTest {

    private static final ObjectMapper JSON = WebApi.JSON;
    private WebApi api;
    private JdbcEventStore store;
    private WebServer server;
    private String drill;
    private String[] member;
    private String[] facilitator;

    @BeforeEach
    void start() throws Exception {
        store = JdbcEventStore.open("jdbc:h2:mem:tabletop-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "", "");
        server = new WebServer(store, Path.of("scenarios"), Clock.systemUTC()).start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        api = new WebApi(server);
        facilitator = api.signIn("/api/session/link", Map.of("token", server.oneTimeSignInToken()));
        drill = api.json(facilitator, "POST", "/api/drills", "{\"scenario\":\"customer-support\",\"speed\":60}").path("id").asText();
        String code = api.json(facilitator, "POST", "/api/drills/" + drill + "/teams", "{\"name\":\"red\"}").path("joinCode").asText();
        member = api.signIn("/api/session/join", Map.of("code", code, "name", "Aiko"));
        api.json(facilitator, "POST", "/api/drills/" + drill + "/start", "");
        api.awaitRunning(drill);
    }

    @AfterEach
    void stop() {
        server.close();
        store.close();
        api.close();
    }

    @Test
    void messages_arrive_are_answered_and_expectations_are_scored() throws Exception {
        String team = "/api/drills/" + drill + "/teams/red";
        JsonNode summary = api.json(member, "GET", "/api/drills/" + drill, null);
        assertThat(summary.path("tabletop").asBoolean()).isTrue();
        assertThat(summary.path("incident").path("roles")).extracting(JsonNode::asText)
                .containsExactly("incident-commander", "customer-liaison", "internal-liaison", "scribe");
        assertThat(api.send(member, "GET", team + "/instances", null).statusCode()).as("no system to operate").isEqualTo(409);

        JsonNode messages = api.await(member, team + "/messages", m -> m.size() >= 1);
        JsonNode first = messages.get(0);
        assertThat(first.path("id").asText()).isEqualTo("outage-reported");
        assertThat(first.path("to").asText()).isEqualTo("incident-commander");
        assertThat(first.path("text").path("ja").asText()).startsWith("共有です");

        assertThat(api.send(member, "POST", team + "/messages/nope/answers", "{\"text\":\"hi\"}").statusCode()).isEqualTo(404);
        assertThat(api.send(member, "POST", team + "/messages/outage-reported/answers", "{\"text\":\"  \"}").statusCode()).isEqualTo(400);
        api.json(member, "POST", team + "/messages/outage-reported/answers", "{\"text\":\"Thanks, declaring now\"}");
        assertThat(api.json(member, "GET", team + "/messages", null).get(0).path("answers").get(0).path("by").asText()).isEqualTo("Aiko");

        assertThat(api.send(member, "POST", team + "/incidents/INC-1/roles/deputy", "{}").statusCode()).as("no incident yet").isEqualTo(404);
        assertThat(api.send(member, "POST", team + "/incidents", "{\"title\":\"x\",\"severity\":\"SEV2\",\"components\":[\"checkout\"]}")
                .statusCode()).as("not a component here").isEqualTo(400);
        JsonNode declared = api.json(member, "POST", team + "/incidents",
                "{\"title\":\"Bookings fail\",\"severity\":\"SEV2\",\"components\":[\"booking\",\"booking\"]}");
        assertThat(declared.path("event").path("components")).extracting(JsonNode::asText).containsExactly("booking");
        assertThat(api.send(member, "POST", team + "/incidents/INC-1/roles/deputy", "{}").statusCode()).as("not a role here").isEqualTo(400);
        api.json(member, "POST", team + "/incidents/INC-1/roles/customer-liaison", "{}");
        api.json(member, "POST", team + "/incidents/INC-1/public-updates",
                "{\"status\":\"investigating\",\"message\":\"Booking fails for some members.\",\"components\":{\"booking\":\"major-outage\"}}");
        assertThat(api.json(null, "GET", "/api/status/" + drill + "/red", null).path("components").path("booking").asText())
                .isEqualTo("major-outage");
        assertThat(api.send(member, "POST", team + "/incidents/INC-1/public-updates",
                "{\"status\":\"investigating\",\"message\":\"x\",\"components\":{\"checkout\":\"major-outage\"}}").statusCode())
                .as("not a component here").isEqualTo(400);

        JsonNode expectations = api.await(member, team + "/expectations",
                e -> e.findValues("state").stream().filter(s -> s.asText().equals("met")).count() >= 2);
        assertThat(expectations).extracting(e -> e.path("id").asText() + " " + e.path("state").asText())
                .contains("outage-reported/declare met", "outage-reported/first-public-update met")
                .noneMatch(row -> row.startsWith("customer-call"));  // its message has not come yet
        assertThat(api.json(member, "GET", team + "/expectations?lang=ja", null).findValuesAsText("detail"))
                .anyMatch(detail -> detail.contains("でインシデントを宣言（期限 3分00秒）"));
        JsonNode all = api.json(facilitator, "GET", team + "/expectations", null);
        assertThat(all).hasSize(8);
        assertThat(all.findValues("state")).extracting(JsonNode::asText).contains("waiting");

        assertThat(api.send(facilitator, "POST", team + "/messages", "{\"from\":\"CEO\",\"to\":\"ceo\",\"text\":\"ETA?\"}").statusCode())
                .isEqualTo(400);
        assertThat(api.send(facilitator, "POST", team + "/messages", "{\"from\":\"CEO\",\"to\":\"incident-commander\",\"text\":\"ETA?\"}")
                .statusCode()).isEqualTo(202);
        api.await(member, team + "/messages", m -> m.findValues("from").stream().anyMatch(f -> f.asText().equals("CEO")));
        assertThat(api.send(facilitator, "POST", team + "/messages",
                "{\"from\":\"CTO\",\"to\":\"scribe\",\"text\":{\"fr\":\"Alors?\"}}").statusCode()).isEqualTo(400);
        api.json(facilitator, "POST", team + "/messages",
                "{\"from\":\"CTO\",\"to\":\"scribe\",\"channel\":\"email\",\"text\":{\"en\":\"Scope?\",\"ja\":\"影響範囲は？\"}}");
        JsonNode inbox = api.await(member, team + "/messages", m -> m.findValues("from").stream().anyMatch(f -> f.asText().equals("CTO")));
        JsonNode fromCto = inbox.get(inbox.size() - 1);
        assertThat(fromCto.path("channel").asText()).isEqualTo("email");
        assertThat(fromCto.path("text").path("ja").asText()).isEqualTo("影響範囲は？");

        JsonNode board = api.json(member, "GET", "/api/drills/" + drill + "/scoreboard", null);
        assertThat(board.get(0).path("score").asDouble()).as("two expectations met, 100 points each").isGreaterThanOrEqualTo(200);
    }
}
