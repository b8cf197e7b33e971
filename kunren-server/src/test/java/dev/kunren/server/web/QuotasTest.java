package dev.kunren.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kunren.server.store.JdbcEventStore;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What one member or a stranger can make the server hold, each at its limit and one past it:
 * writes per team, joins, status-page reads, an upload's error list; a 429 says when to retry.
 */
class QuotasTest {

    private JdbcEventStore store;
    private WebServer server;
    private WebApi api;
    private String drill;
    private String code;
    private String[] facilitator;
    private String[] member;

    @BeforeEach
    void start() throws Exception {
        store = JdbcEventStore.open("jdbc:h2:mem:quotas-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "", "");
        server = new WebServer(store, Path.of("scenarios"), Clock.systemUTC()).start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        api = new WebApi(server);
        facilitator = api.signIn("/api/session/link", Map.of("token", server.oneTimeSignInToken()));
        drill = api.json(facilitator, "POST", "/api/drills", "{\"scenario\":\"first-drill\",\"speed\":1}").path("id").asText();
        code = api.json(facilitator, "POST", "/api/drills/" + drill + "/teams", "{\"name\":\"red\"}").path("joinCode").asText();
        member = api.signIn("/api/session/join", Map.of("code", code, "name", "Aiko"));
    }

    @AfterEach
    void stop() {
        server.close();
        store.close();
        api.close();
    }

    @Test
    void a_team_writes_sixty_a_minute_and_is_told_when_to_go_on() throws Exception {
        api.json(facilitator, "POST", "/api/drills/" + drill + "/start", "");
        api.awaitRunning(drill);
        String incidents = "/api/drills/" + drill + "/teams/red/incidents";
        api.json(member, "POST", incidents, "{\"title\":\"Checkout fails\",\"severity\":\"SEV2\",\"components\":[\"checkout\"]}");
        int written = 0;
        HttpResponse<String> refused = null;
        long start = System.nanoTime();
        for (int i = 0; i < 200; i++) {
            HttpResponse<String> answer = api.send(member, "POST", incidents + "/INC-1/notes", "{\"text\":\"note " + i + "\"}");
            if (answer.statusCode() == 429) {
                refused = answer;
            } else {
                assertThat(answer.statusCode()).isEqualTo(201);
                written++;
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        // however fast this machine sent them: the burst of 60 (one went to the declaration) and one a second, no more
        assertThat(written).as("%d notes in %.1f s", written, seconds).isLessThanOrEqualTo(59 + (int) Math.ceil(seconds) + 1);
        assertThat(refused).as("200 notes in %.1f s", seconds).isNotNull();
        assertThat(refused.headers().firstValue("Retry-After")).isPresent();
        assertThat(refused.body()).contains("writes from this team");
        JsonNode entries = api.json(member, "GET", incidents, null).get(0).path("entries");
        assertThat(java.util.stream.StreamSupport.stream(entries.spliterator(), false)
                .filter(e -> e.path("kind").asText().equals("note")).count()).as("every note written is kept").isEqualTo(written);
    }

    @Test
    void a_name_is_one_persons_in_a_team_and_an_ended_drill_takes_no_one() throws Exception {
        String join = "{\"code\":\"" + code + "\",\"name\":\"aiko\"}";
        HttpResponse<String> again = api.send(null, "POST", "/api/session/join", join);
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(again.body()).contains("already goes by aiko");
        api.json(facilitator, "POST", "/api/drills/" + drill + "/start", "");
        api.awaitRunning(drill);
        api.json(facilitator, "POST", "/api/drills/" + drill + "/end", "");
        assertThat(api.send(null, "POST", "/api/session/join", join.replace("aiko", "Ben")).statusCode()).isEqualTo(410);
    }

    @Test
    void status_page_reads_from_one_address_are_bounded() throws Exception {
        int ok = 0;
        int refused = 0;
        long start = System.nanoTime();
        for (int i = 0; i < 800; i++) {
            int status = api.send(null, "GET", "/api/status/" + drill + "/red", null).statusCode();
            if (status == 200) {
                ok++;
            } else {
                assertThat(status).isEqualTo(429);
                refused++;
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        // however fast this machine sent them: the burst of 500 and 50 a second, no more
        assertThat(ok).as("%d reads in %.1f s", ok, seconds).isLessThanOrEqualTo(500 + (int) Math.ceil(50 * seconds) + 1);
        assertThat(ok + refused).isEqualTo(800);
    }

    @Test
    void an_upload_with_thousands_of_problems_lists_a_hundred_and_says_how_many_more() throws Exception {
        StringBuilder yaml = new StringBuilder("name: x\ntitle: X\nduration: 1m\n");
        for (int i = 0; i < 5_000; i++) {
            yaml.append("unknown").append(i).append(": 1\n");
        }
        HttpResponse<String> answer = api.send(facilitator, "POST", "/api/drills",
                WebApi.JSON.writeValueAsString(Map.of("yaml", yaml.toString(), "fileName", "big.yaml")));
        assertThat(answer.statusCode()).isEqualTo(422);
        JsonNode errors = WebApi.JSON.readTree(answer.body()).path("errors");
        assertThat(errors).hasSize(101);
        assertThat(errors.get(100).asText()).isEqualTo("… and 4900 more");
        assertThat(answer.body().length()).as("not the megabytes of every problem").isLessThan(50_000);
    }
}
