package dev.kunren.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kunren.engine.timeline.EventRecord;
import dev.kunren.engine.timeline.TimelineEvent;
import dev.kunren.server.store.JdbcEventStore;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A restart of the web app keeps the room: who is signed in, the drills being set up with their
 * teams, join codes and members, and the drills that ran (listed, their debriefs readable; one the
 * stop cut short comes back paused where its timeline ends).
 */
class RestartTest {

    @TempDir
    Path dir;

    private static WebServer serve(JdbcEventStore store) throws Exception {
        return new WebServer(store, Path.of("scenarios"), Clock.systemUTC()).start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    }

    @Test
    void sessions_drills_being_set_up_and_drills_that_ran_survive_a_restart() throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("room").toAbsolutePath();
        String[] facilitator;
        String[] aiko;
        String setup;
        String code;
        String cutShort;
        JdbcEventStore store = JdbcEventStore.open(url, "", "");
        WebServer first = serve(store);
        String pageLink = first.pageLinks().token(new dev.kunren.server.paging.PageLinks.Claim("d", "red", "p-1", 1, "alice"));
        try (WebApi api = new WebApi(first)) {
            facilitator = api.signIn("/api/session/link", Map.of("token", first.oneTimeSignInToken()));
            setup = api.json(facilitator, "POST", "/api/drills", "{\"scenario\":\"first-drill\",\"speed\":10}").path("id").asText();
            code = api.json(facilitator, "POST", "/api/drills/" + setup + "/teams", "{\"name\":\"red\"}").path("joinCode").asText();
            aiko = api.signIn("/api/session/join", Map.of("code", code, "name", "Aiko"));
            api.json(facilitator, "PUT", "/api/drills/" + setup + "/teams/red/chat",
                    "{\"webhook\":\"https://hooks.example.com/services/T0/B0/secret\",\"channel\":\"#red-room\",\"language\":\"ja\"}");
            api.json(facilitator, "PUT", "/api/drills/" + setup + "/observers", "{\"seeFaults\":true}");
            cutShort = api.json(facilitator, "POST", "/api/drills", "{\"scenario\":\"first-drill\",\"speed\":10}").path("id").asText();
            api.json(facilitator, "POST", "/api/drills/" + cutShort + "/teams", "{\"name\":\"blue\"}");
            // as far as a drill got when its server died: started, one alert, no end
            LiveDrill running = first.drills().drill(cutShort);
            running.timeline().append(Duration.ZERO, new TimelineEvent.DrillStarted("first-drill", "First drill", 10, 1,
                    Duration.ofMinutes(6), 0.99, Duration.ofMillis(300), Duration.ofSeconds(10), List.of("web-1"), List.of("blue")));
            running.timeline().append("blue", Duration.ofSeconds(70), new TimelineEvent.AlertChanged("availability-low", "critical",
                    TimelineEvent.AlertState.FIRING, "failing", 75, "availability < 99%"));
        } finally {
            first.close();
            store.close();
        }

        store = JdbcEventStore.open(url, "", "");
        WebServer second = serve(store);
        try (WebApi api = new WebApi(second)) {
            assertThat(second.pageLinks().read(pageLink).person()).as("a page's link sent before the restart").isEqualTo("alice");
            assertThat(api.json(facilitator, "GET", "/api/session", null).path("role").asText()).as("still signed in").isEqualTo("facilitator");
            JsonNode member = api.json(aiko, "GET", "/api/session", null);
            assertThat(member.path("role").asText()).isEqualTo("member");
            assertThat(member.path("team").asText()).isEqualTo("red");

            JsonNode listed = api.json(facilitator, "GET", "/api/drills", null);
            assertThat(listed.findValuesAsText("id")).contains(setup, cutShort);
            JsonNode waiting = api.json(facilitator, "GET", "/api/drills/" + setup, null);
            assertThat(waiting.path("phase").asText()).isEqualTo("setup");
            assertThat(waiting.path("teams").get(0).path("joinCode").asText()).isEqualTo(code);
            assertThat(waiting.path("teams").get(0).path("members").get(0).asText()).isEqualTo("Aiko");
            assertThat(waiting.path("observersSeeFaults").asBoolean()).as("the facilitator's choice for observers").isTrue();
            JsonNode chat = api.json(facilitator, "GET", "/api/drills/" + setup + "/teams/red/chat", null);
            assertThat(chat.path("channel").asText()).isEqualTo("red-room");
            assertThat(chat.path("webhook").asText()).isEqualTo("https://hooks.example.com/…");
            assertThat(chat.path("language").asText()).isEqualTo("ja");
            api.signIn("/api/session/join", Map.of("code", code, "name", "Ben"));
            api.json(facilitator, "POST", "/api/drills/" + setup + "/start", "");
            api.awaitRunning(setup);

            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
            while (!api.json(facilitator, "GET", "/api/drills/" + cutShort, null).path("phase").asText().equals("paused")
                    && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(api.json(facilitator, "GET", "/api/drills/" + cutShort, null).path("phase").asText()).isEqualTo("paused");
            List<EventRecord> records = store.events(cutShort);
            assertThat(records).hasSize(3);
            assertThat(records.getLast().seq()).isEqualTo(3);
            assertThat(records.getLast().at()).isEqualTo(Duration.ofSeconds(70));
            assertThat(records.getLast().event()).isInstanceOf(TimelineEvent.DrillRestored.class);
            api.json(facilitator, "POST", "/api/drills/" + cutShort + "/halt", "");
            assertThat(api.send(facilitator, "GET", "/api/drills/" + cutShort + "/debrief.md", null).statusCode()).isEqualTo(200);

            api.json(aiko, "POST", "/api/session/logout", "");
            assertThat(api.json(aiko, "GET", "/api/session", null).path("role").asText()).isEqualTo("none");
            api.json(facilitator, "POST", "/api/drills/" + setup + "/halt", "");
        } finally {
            second.close();
            store.close();
        }
    }
}
