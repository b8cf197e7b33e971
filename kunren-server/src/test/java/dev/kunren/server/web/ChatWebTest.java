package dev.kunren.server.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.kunren.server.chat.SlackSignature;
import dev.kunren.server.store.JdbcEventStore;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A team runs its incident from its chat: the web app posts the drill there, and {@code /kunren}
 * commands signed as Slack signs them act for the team; anything not signed, stale or replayed is
 * refused and records nothing.
 */
class ChatWebTest {

    private static final String SECRET = "8f742231b10e8888abcd99yyyzzz85a5";

    private final List<String> posted = new CopyOnWriteArrayList<>();
    private final HttpClient client = HttpClient.newHttpClient();
    private HttpServer chat;
    private JdbcEventStore store;
    private WebServer server;
    private WebApi api;
    private String[] facilitator;
    private String drill;

    @BeforeEach
    void start() throws Exception {
        chat = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        chat.createContext("/hook", exchange -> {
            posted.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        chat.start();
        store = JdbcEventStore.open("jdbc:h2:mem:chat-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "", "");
        server = new WebServer(store, Path.of("scenarios"), Clock.systemUTC(), SECRET)
                .start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        api = new WebApi(server);
        facilitator = api.signIn("/api/session/link", Map.of("token", server.oneTimeSignInToken()));
        String yaml = """
                kunren: 1
                name: chatty
                title: Chatty
                duration: 30m
                alerts:
                  - { name: too-few-instances, metric: healthy_instances, below: 5 }
                oncall:
                  people: [ { name: alice } ]
                """;
        drill = api.json(facilitator, "POST", "/api/drills", WebApi.JSON.writeValueAsString(
                Map.of("yaml", yaml, "fileName", "chatty.yaml", "speed", 1))).path("id").asText();
        api.json(facilitator, "POST", "/api/drills/" + drill + "/teams", "{\"name\":\"red\"}");
        api.json(facilitator, "POST", "/api/drills/" + drill + "/teams", "{\"name\":\"blue\"}");
        JsonNode linked = api.json(facilitator, "PUT", "/api/drills/" + drill + "/teams/red/chat", WebApi.JSON.writeValueAsString(
                Map.of("webhook", "http://127.0.0.1:" + chat.getAddress().getPort() + "/hook/T000/B000/secret-path",
                        "channel", "#red-room")));
        assertThat(linked.path("webhook").asText()).as("the webhook's path is its secret: not shown again")
                .isEqualTo("http://127.0.0.1:" + chat.getAddress().getPort() + "/…");
        api.json(facilitator, "POST", "/api/drills/" + drill + "/start", "");
        await().atMost(Duration.ofSeconds(30)).until(() -> posted.stream().anyMatch(p -> p.contains(":rotating_light:")));
    }

    @AfterEach
    void stop() throws Exception {
        api.send(facilitator, "POST", "/api/drills/" + drill + "/halt", "");
        server.close();
        store.close();
        chat.stop(0);
        client.close();
    }

    private HttpResponse<String> slash(String channel, String user, String text, long timestamp, String secret) throws Exception {
        String body = form(channel, user, text);
        return send(body, String.valueOf(timestamp), SlackSignature.sign(secret, String.valueOf(timestamp),
                body.getBytes(StandardCharsets.UTF_8)));
    }

    private static String form(String channel, String user, String text) {
        return "token=legacy&team_id=T0001&team_domain=example&channel_id=C2147483705&channel_name="
                + URLEncoder.encode(channel, StandardCharsets.UTF_8) + "&user_id=U2147483697&user_name="
                + URLEncoder.encode(user, StandardCharsets.UTF_8) + "&command=%2Fkunren&text=" + URLEncoder.encode(text, StandardCharsets.UTF_8)
                + "&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2F1234%2F5678&trigger_id=13345224609.738474920.8088930838d88f008e0";
    }

    private HttpResponse<String> send(String body, String timestamp, String signature) throws Exception {
        return send(server, body, timestamp, signature);
    }

    private HttpResponse<String> send(WebServer to, String body, String timestamp, String signature) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + to.address().getPort() + "/api/chat/slack"))
                .header("Content-Type", "application/x-www-form-urlencoded").header("X-Slack-Request-Timestamp", timestamp)
                .header("X-Slack-Signature", signature).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static long now() {
        return System.currentTimeMillis() / 1000;
    }

    private String answer(HttpResponse<String> response) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode json = WebApi.JSON.readTree(response.body());
        assertThat(json.path("response_type").asText()).isEqualTo("ephemeral");
        return json.path("text").asText();
    }

    private List<JsonNode> timeline(String type) throws Exception {
        List<JsonNode> events = new java.util.ArrayList<>();
        api.json(facilitator, "GET", "/api/drills/" + drill + "/timeline", null).forEach(events::add);
        return events.stream().filter(e -> e.path("event").path("type").asText().equals(type)).toList();
    }

    /** What people recorded (every command says who did it): the drill's own events go on arriving meanwhile. */
    private int recorded() throws Exception {
        int byPeople = 0;
        for (JsonNode event : api.json(facilitator, "GET", "/api/drills/" + drill + "/timeline", null)) {
            byPeople += event.path("event").has("by") ? 1 : 0;
        }
        return byPeople;
    }

    @Test
    void a_team_acknowledges_declares_takes_a_role_and_updates_customers_from_its_channel() throws Exception {
        assertThat(answer(slash("red-room", "alice", "ack", now(), SECRET)))
                .startsWith(":heavy_check_mark: `").endsWith(":eyes: Alert too-few-instances acknowledged by @alice (event "
                        + timeline("alert-acknowledged").getFirst().path("seq").asText() + ")");
        assertThat(timeline("alert-acknowledged")).singleElement()
                .satisfies(e -> assertThat(e.path("team").asText()).isEqualTo("red"))
                .satisfies(e -> assertThat(e.path("event").path("by").asText()).isEqualTo("@alice"));

        answer(slash("red-room", "alice", "declare sev2 Checkout fails", now(), SECRET));
        answer(slash("red-room", "bob", "role incident-commander", now(), SECRET));
        answer(slash("red-room", "bob", "update investigating We are looking into failed checkouts.", now(), SECRET));
        answer(slash("red-room", "bob", "internal Checkout fails for all | restarting web-1 | nothing", now(), SECRET));
        JsonNode declared = timeline("incident-declared").getFirst().path("event");
        assertThat(declared.path("title").asText()).isEqualTo("Checkout fails");
        assertThat(declared.path("severity").asText()).isEqualTo("SEV2");
        assertThat(declared.path("by").asText()).isEqualTo("@alice");
        assertThat(timeline("role-assigned").getFirst().path("event").path("person").asText()).isEqualTo("@bob");
        JsonNode update = timeline("public-update-posted").getFirst().path("event");
        assertThat(update.path("incidentId").asText()).isEqualTo("INC-1");
        assertThat(update.path("status").asText()).isEqualTo("INVESTIGATING");
        assertThat(update.path("message").asText()).isEqualTo("We are looking into failed checkouts.");
        assertThat(timeline("internal-update-posted").getFirst().path("event").path("actions").asText()).isEqualTo("restarting web-1");

        // the bot tells the channel what was done, in order, as the timeline has it
        await().atMost(Duration.ofSeconds(30)).until(() -> posted.stream().anyMatch(p -> p.contains("Internal update")));
        List<String> texts = posted.stream().map(p -> p.replaceAll("^\\{\"text\":\"`\\d\\d:\\d\\d` ", "").replaceAll("\"}$", ""))
                .filter(t -> !t.startsWith(":rotating_light:") && !t.startsWith(":checkered_flag:") && !t.startsWith(":pager:")).toList();
        assertThat(texts).containsExactly(
                ":eyes: Alert too-few-instances acknowledged by @alice",
                ":fire: @alice declared INC-1: Checkout fails (SEV2)",
                ":small_blue_diamond: @bob is incident-commander of INC-1",
                ":loudspeaker: Status page (@bob, investigating): We are looking into failed checkouts.",
                ":speech_balloon: Internal update (@bob): Checkout fails for all / restarting web-1 / needs: nothing");
    }

    @Test
    void a_bad_signature_an_old_timestamp_or_a_replay_is_refused_and_records_nothing() throws Exception {
        int before = recorded();
        assertThat(slash("red-room", "mallory", "ack", now(), "not-the-secret").statusCode()).isEqualTo(401);
        assertThat(slash("red-room", "mallory", "ack", now() - 301, SECRET).statusCode()).isEqualTo(401);
        assertThat(slash("red-room", "mallory", "ack", now() + 301, SECRET).statusCode()).isEqualTo(401);
        String body = form("red-room", "mallory", "ack");
        assertThat(send(body, String.valueOf(now()), "v0=" + "0".repeat(64)).statusCode()).isEqualTo(401);
        HttpResponse<String> unsigned = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.address().getPort()
                + "/api/chat/slack")).POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(unsigned.statusCode()).isEqualTo(401);
        assertThat(unsigned.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(recorded()).isEqualTo(before);
        assertThat(timeline("alert-acknowledged")).isEmpty();

        // a genuine request counts once: the same request again is a replay
        String timestamp = String.valueOf(now());
        String signature = SlackSignature.sign(SECRET, timestamp, body.getBytes(StandardCharsets.UTF_8));
        assertThat(answer(send(body, timestamp, signature))).contains("acknowledged by @mallory");
        assertThat(send(body, timestamp, signature).statusCode()).isEqualTo(401);
        assertThat(timeline("alert-acknowledged")).hasSize(1);
    }

    @Test
    void another_channel_or_a_refused_command_is_answered_to_the_sender_and_records_nothing() throws Exception {
        int before = recorded();
        assertThat(answer(slash("random", "alice", "ack", now(), SECRET))).contains("not a team's channel");
        assertThat(answer(slash("red-room", "alice", "status INC-9 resolved", now(), SECRET))).startsWith(":x: ").contains("INC-9");
        assertThat(answer(slash("red-room", "alice", "note all good", now(), SECRET))).startsWith(":x: no incident is open");
        assertThat(answer(slash("red-room", "alice", "reboot everything", now(), SECRET))).startsWith(":x: no command reboot");
        assertThat(answer(slash("red-room", "alice", "help", now(), SECRET))).contains("/kunren declare SEV2 TITLE");
        assertThat(recorded()).isEqualTo(before);
        assertThat(answer(slash("red-room", "alice", "alerts", now(), SECRET))).contains("too-few-instances").contains("not acknowledged");
    }

    @Test
    void the_person_paged_takes_the_page_from_chat_and_the_channel_hears_it() throws Exception {
        await().atMost(Duration.ofSeconds(30)).until(() -> posted.stream().anyMatch(p -> p.contains(":pager: PG-1: paging alice")));
        assertThat(answer(slash("red-room", "bob", "ack-page", now(), SECRET))).isEqualTo(":x: no open page is with bob");
        assertThat(answer(slash("red-room", "bob", "ack-page PG-1", now(), SECRET))).startsWith(":x: PG-1 is with alice (level 1)");
        assertThat(answer(slash("red-room", "alice", "ack-page", now(), SECRET))).contains(":pager: PG-1 acknowledged by @alice (chat)");
        assertThat(timeline("page-acknowledged")).singleElement()
                .satisfies(e -> assertThat(e.path("event").path("by").asText()).isEqualTo("@alice"));
        await().atMost(Duration.ofSeconds(30)).until(() -> posted.stream().anyMatch(p -> p.contains("PG-1 acknowledged by @alice (chat)")));
    }

    @Test
    void a_command_reaching_a_server_that_does_not_run_the_channels_drill_is_carried_out_by_the_one_that_does() throws Exception {
        dev.kunren.server.store.Databases.requirePostgres();
        String db = dev.kunren.server.store.Databases.POSTGRES_URL + "&currentSchema=chat_" + Long.toHexString(System.nanoTime());
        try (JdbcEventStore firstStore = JdbcEventStore.open(db, null, null);
             JdbcEventStore secondStore = JdbcEventStore.open(db, null, null);
             WebServer first = new WebServer(firstStore, Path.of("scenarios"), Clock.systemUTC(), SECRET)
                     .start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
             WebServer second = new WebServer(secondStore, Path.of("scenarios"), Clock.systemUTC(), SECRET)
                     .start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
             WebApi there = new WebApi(first)) {
            String[] organiser = there.signIn("/api/session/link", Map.of("token", first.oneTimeSignInToken()));
            String elsewhere = there.json(organiser, "POST", "/api/drills", "{\"scenario\":\"first-drill\"}").path("id").asText();
            there.json(organiser, "POST", "/api/drills/" + elsewhere + "/teams", "{\"name\":\"green\"}");
            there.json(organiser, "PUT", "/api/drills/" + elsewhere + "/teams/green/chat", WebApi.JSON.writeValueAsString(
                    Map.of("webhook", "http://127.0.0.1:" + chat.getAddress().getPort() + "/hook/T000/B000/green", "channel", "#green-room")));
            there.json(organiser, "POST", "/api/drills/" + elsewhere + "/start", "");
            await().atMost(Duration.ofSeconds(30)).until(() -> there.json(organiser, "GET", "/api/drills/" + elsewhere, null)
                    .path("phase").asText().equals("running"));

            String body = form("green-room", "carol", "declare sev3 Slow search");
            String timestamp = String.valueOf(now());
            HttpResponse<String> answered = send(second, body, timestamp, SlackSignature.sign(SECRET, timestamp,
                    body.getBytes(StandardCharsets.UTF_8)));
            assertThat(answer(answered)).contains("@carol declared INC-1: Slow search (SEV3)");
            JsonNode declared = java.util.stream.StreamSupport.stream(there.json(organiser, "GET", "/api/drills/" + elsewhere + "/timeline",
                    null).spliterator(), false).filter(e -> e.path("event").path("type").asText().equals("incident-declared")).findFirst()
                    .orElseThrow();
            assertThat(declared.path("team").asText()).isEqualTo("green");
            assertThat(declared.path("event").path("by").asText()).isEqualTo("@carol");

            body = form("nobodys-room", "carol", "ack");
            timestamp = String.valueOf(now());
            assertThat(answer(send(second, body, timestamp, SlackSignature.sign(SECRET, timestamp, body.getBytes(StandardCharsets.UTF_8)))))
                    .as("a channel no server's drill listens to").startsWith("This channel is not a team's channel");
            there.send(organiser, "POST", "/api/drills/" + elsewhere + "/halt", "");
        }
    }
}
