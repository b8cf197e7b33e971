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

/** Incident command and the public status page over real HTTP. */
class IncidentApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient client = HttpClient.newHttpClient();
    private JdbcEventStore store;
    private WebServer server;
    private String drill;
    private String[] member;

    @BeforeEach
    void start() throws Exception {
        store = JdbcEventStore.open("jdbc:h2:mem:inc-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "", "");
        server = new WebServer(store, Path.of("scenarios"), Clock.systemUTC()).start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        String[] facilitator = signIn("/api/session/link", Map.of("token", server.oneTimeSignInToken()));
        drill = json(facilitator, "POST", "/api/drills", "{\"scenario\":\"first-drill\",\"speed\":20}").path("id").asText();
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

    @Test
    void a_team_declares_assigns_roles_posts_updates_and_resolves_and_the_status_page_shows_it() throws Exception {
        String incidents = "/api/drills/" + drill + "/teams/red/incidents";
        json(member, "POST", incidents, "{\"title\":\"Checkout fails\",\"severity\":\"SEV2\",\"components\":[\"checkout\"]}");
        json(member, "POST", incidents + "/INC-1/roles/incident-commander", "{}");
        json(member, "POST", incidents + "/INC-1/roles/customer-liaison", "{\"person\":\"Ben\"}");
        json(member, "POST", incidents + "/INC-1/internal-updates",
                "{\"conditions\":\"checkouts fail\",\"actions\":\"restarting web-1\",\"needs\":\"nothing\"}");
        json(member, "POST", incidents + "/INC-1/public-updates",
                "{\"status\":\"investigating\",\"message\":\"Some checkouts fail. We are on it.\",\"components\":{\"checkout\":\"partial-outage\"}}");

        JsonNode page = json(null, "GET", "/api/status/" + drill + "/red", null);
        assertThat(page.path("components").path("checkout").asText()).isEqualTo("partial-outage");
        assertThat(page.path("components").path("storefront").asText()).isEqualTo("operational");
        assertThat(page.path("incidents").get(0).path("updates").get(0).path("message").asText()).isEqualTo("Some checkouts fail. We are on it.");

        JsonNode incident = json(member, "GET", incidents, null).get(0);
        assertThat(incident.path("roles")).extracting(r -> r.path("role").asText() + "=" + r.path("person").asText())
                .containsExactly("incident-commander=Aiko", "customer-liaison=Ben");
        assertThat(incident.path("milestones").has("FIRST_PUBLIC_UPDATE")).isTrue();
        assertThat(incident.path("milestones").has("FIRST_INTERNAL_UPDATE")).isTrue();
        double firstUpdate = incident.path("milestones").path("FIRST_PUBLIC_UPDATE").path("atSeconds").asDouble();
        assertThat(incident.path("nextPublicUpdateDueSeconds").asDouble()).isEqualTo(firstUpdate + 20 * 60);

        assertThat(send(member, "POST", incidents + "/INC-1/status", "{\"status\":\"investigating\"}").statusCode()).isEqualTo(409);
        json(member, "POST", incidents + "/INC-1/status", "{\"status\":\"resolved\"}");
        json(member, "POST", incidents + "/INC-1/public-updates",
                "{\"status\":\"resolved\",\"message\":\"Fixed: a web server had crashed.\",\"components\":{\"checkout\":\"operational\"}}");
        page = json(null, "GET", "/api/status/" + drill + "/red", null);
        assertThat(page.path("components").path("checkout").asText()).isEqualTo("operational");
        assertThat(page.path("incidents").get(0).path("open").asBoolean()).isFalse();
        assertThat(json(member, "GET", incidents, null).get(0).has("nextPublicUpdateDueSeconds")).isFalse();

        assertThat(send(member, "POST", incidents + "/INC-1/public-updates",
                "{\"status\":\"resolved\",\"message\":\"x\",\"components\":{\"checkout\":\"on fire\"}}").statusCode()).isEqualTo(409);
        assertThat(send(member, "POST", incidents + "/INC-9/notes", "{\"text\":\"x\"}").statusCode()).isEqualTo(409);
        assertThat(send(null, "GET", "/api/status/" + drill + "/blue", null).statusCode()).isEqualTo(404);
    }
}
