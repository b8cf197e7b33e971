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

/** Incident command and the public status page over real HTTP. */
class IncidentApiTest {

    private static final ObjectMapper JSON = WebApi.JSON;
    private WebApi api;
    private JdbcEventStore store;
    private WebServer server;
    private String drill;
    private String[] member;

    @BeforeEach
    void start() throws Exception {
        store = JdbcEventStore.open("jdbc:h2:mem:inc-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "", "");
        server = new WebServer(store, Path.of("scenarios"), Clock.systemUTC()).start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        api = new WebApi(server);
        String[] facilitator = api.signIn("/api/session/link", Map.of("token", server.oneTimeSignInToken()));
        drill = api.json(facilitator, "POST", "/api/drills", "{\"scenario\":\"first-drill\",\"speed\":20}").path("id").asText();
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
    void a_team_declares_assigns_roles_posts_updates_and_resolves_and_the_status_page_shows_it() throws Exception {
        String incidents = "/api/drills/" + drill + "/teams/red/incidents";
        api.json(member, "POST", incidents, "{\"title\":\"Checkout fails\",\"severity\":\"SEV2\",\"components\":[\"checkout\"]}");
        api.json(member, "POST", incidents + "/INC-1/roles/incident-commander", "{}");
        api.json(member, "POST", incidents + "/INC-1/roles/customer-liaison", "{\"person\":\"Ben\"}");
        api.json(member, "POST", incidents + "/INC-1/internal-updates",
                "{\"conditions\":\"checkouts fail\",\"actions\":\"restarting web-1\",\"needs\":\"nothing\"}");
        api.json(member, "POST", incidents + "/INC-1/public-updates",
                "{\"status\":\"investigating\",\"message\":\"Some checkouts fail. We are on it.\",\"components\":{\"checkout\":\"partial-outage\"}}");

        JsonNode page = api.json(null, "GET", "/api/status/" + drill + "/red", null);
        assertThat(page.path("components").path("checkout").asText()).isEqualTo("partial-outage");
        assertThat(page.path("components").path("storefront").asText()).isEqualTo("operational");
        assertThat(page.path("incidents").get(0).path("updates").get(0).path("message").asText()).isEqualTo("Some checkouts fail. We are on it.");

        JsonNode incident = api.json(member, "GET", incidents, null).get(0);
        assertThat(incident.path("roles")).extracting(r -> r.path("role").asText() + "=" + r.path("person").asText())
                .containsExactly("incident-commander=Aiko", "customer-liaison=Ben");
        assertThat(incident.path("milestones").has("FIRST_PUBLIC_UPDATE")).isTrue();
        assertThat(incident.path("milestones").has("FIRST_INTERNAL_UPDATE")).isTrue();
        double firstUpdate = incident.path("milestones").path("FIRST_PUBLIC_UPDATE").path("atSeconds").asDouble();
        assertThat(incident.path("nextPublicUpdateDueSeconds").asDouble()).isEqualTo(firstUpdate + 20 * 60);

        assertThat(incident.path("moves")).extracting(JsonNode::asText).containsExactly("identified", "monitoring", "resolved");
        assertThat(api.send(member, "POST", incidents + "/INC-1/status", "{\"status\":\"investigating\"}").statusCode()).isEqualTo(409);
        api.json(member, "POST", incidents + "/INC-1/status", "{\"status\":\"resolved\"}");
        api.json(member, "POST", incidents + "/INC-1/public-updates",
                "{\"status\":\"resolved\",\"message\":\"Fixed: a web server had crashed.\",\"components\":{\"checkout\":\"operational\"}}");
        page = api.json(null, "GET", "/api/status/" + drill + "/red", null);
        assertThat(page.path("components").path("checkout").asText()).isEqualTo("operational");
        assertThat(page.path("incidents").get(0).path("open").asBoolean()).isFalse();
        JsonNode resolved = api.json(member, "GET", incidents, null).get(0);
        assertThat(resolved.has("nextPublicUpdateDueSeconds")).isFalse();
        assertThat(resolved.path("moves")).extracting(JsonNode::asText).as("a resolved incident can only be reopened").containsExactly("investigating");

        assertThat(api.send(member, "POST", incidents + "/INC-1/public-updates",
                "{\"status\":\"resolved\",\"message\":\"x\",\"components\":{\"checkout\":\"on fire\"}}").statusCode())
                .as("bad input").isEqualTo(400);
        assertThat(api.send(member, "POST", incidents, "{\"title\":\"x\",\"severity\":\"SEV9\"}").statusCode()).isEqualTo(400);
        assertThat(api.send(member, "POST", incidents, "{\"title\":\" \",\"severity\":\"SEV2\"}").statusCode()).isEqualTo(400);
        assertThat(api.send(member, "POST", incidents + "/INC-9/notes", "{\"text\":\"x\"}").statusCode()).isEqualTo(404);
        assertThat(api.send(null, "GET", "/api/status/" + drill + "/blue", null).statusCode()).isEqualTo(404);
    }

    @Test
    void malformed_commands_are_400_problems_and_record_nothing() throws Exception {
        String incidents = "/api/drills/" + drill + "/teams/red/incidents";
        api.json(member, "POST", incidents, "{\"title\":\"Checkout fails\",\"severity\":\"SEV2\"}");
        JsonNode before = api.json(member, "GET", incidents, null);
        String[][] refused = {
            {"", "{\"title\":\"x\",\"severity\":\"SEV2\",\"components\":\"checkout\"}"},
            {"/INC-1/public-updates", "{\"status\":\"identified\",\"message\":\"m\",\"components\":[\"checkout\"]}"},
            {"/INC-1/milestones/detected", "{\"reason\":\"no time given\"}"},
            {"/INC-1/milestones/detected", "{\"atSeconds\":\"abc\",\"reason\":\"x\"}"},
            {"/INC-1/milestones/detected", "{\"atSeconds\":1e300,\"reason\":\"in the far future\"}"},
            {"/INC-1/action-items", "{\"text\":\"x\",\"owner\":\"Ben\",\"due\":\"tomorrow\"}"},
        };
        for (String[] command : refused) {
            var response = api.send(member, "POST", incidents + command[0], command[1]);
            assertThat(response.statusCode()).as(command[1]).isEqualTo(400);
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        }
        assertThat(api.json(member, "GET", incidents, null)).as("nothing recorded").isEqualTo(before);
        api.json(member, "POST", incidents + "/INC-1/milestones/detected", "{\"atSeconds\":0,\"reason\":\"the on-call saw it at once\"}");
    }
}
