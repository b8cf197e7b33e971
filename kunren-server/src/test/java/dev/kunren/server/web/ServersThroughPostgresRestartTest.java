package dev.kunren.server.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kunren.engine.timeline.EventRecord;
import dev.kunren.server.store.Databases;
import dev.kunren.server.store.JdbcEventStore;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A PostgreSQL restart drops every advisory lock while the servers live on: with two servers on
 * the database, the drill stays with the server that runs it — the other does not take it over in
 * the moment its lock is free — and its timeline is one, with every event.
 */
@Tag("slow")
class ServersThroughPostgresRestartTest {

    @Test
    void a_postgres_restart_moves_no_drill_to_the_other_server() throws Exception {
        Databases.requireRestart();
        String db = Databases.POSTGRES_URL + "&currentSchema=restart_" + Long.toHexString(System.nanoTime());
        try (JdbcEventStore firstStore = JdbcEventStore.open(db, null, null);
             WebServer first = new WebServer(firstStore, Path.of("scenarios"), Clock.systemUTC())
                     .start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
             JdbcEventStore secondStore = JdbcEventStore.open(db, null, null);
             WebServer second = new WebServer(secondStore, Path.of("scenarios"), Clock.systemUTC())
                     .start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
             WebApi api = new WebApi(first)) {
            String[] facilitator = api.signIn("/api/session/link", Map.of("token", first.oneTimeSignInToken()));
            String drill = api.json(facilitator, "POST", "/api/drills", "{\"scenario\":\"first-drill\",\"speed\":2}").path("id").asText();
            api.json(facilitator, "POST", "/api/drills/" + drill + "/teams", "{\"name\":\"red\"}");
            api.json(facilitator, "POST", "/api/drills/" + drill + "/start", "");
            api.awaitRunning(drill);

            Databases.postgres("restart", "-m", "fast");
            long scansBefore = second.drills().takeoverScans();
            // at once, while the drill's lock is free and before the first has taken it again: the second is asked for it
            try (WebApi atSecond = new WebApi(second)) {
                int status = atSecond.send(facilitator, "GET", "/api/drills/" + drill, null).statusCode();
                assertThat(status).as("handed to the first, or between servers for a moment").isIn(200, 503);
            }
            assertThat(second.drills().here(drill)).as("the second server did not take the drill when asked").isFalse();
            // long enough for the second to have taken the drill had its server been gone: the owner-gone wait and two more scans
            long scansEnough = DrillManager.OWNER_GONE_AFTER.dividedBy(DrillManager.TAKEOVER_SCAN) + 2;
            await().atMost(Duration.ofSeconds(60)).until(() -> second.drills().takeoverScans() >= scansBefore + scansEnough);

            assertThat(second.drills().here(drill)).as("the second server did not take the drill").isFalse();
            assertThat(first.drills().drill(drill).phase()).as("the first still runs it").isEqualTo(LiveDrill.Phase.RUNNING);
            api.json(facilitator, "POST", "/api/drills/" + drill + "/halt", "");
            await().atMost(Duration.ofSeconds(30)).until(() -> first.drills().drill(drill).phase() == LiveDrill.Phase.ENDED);
            assertThat(firstStore.flush(Duration.ofSeconds(30))).isTrue();
            List<EventRecord> stored = firstStore.events(drill);
            assertThat(stored).as("one timeline, every event as the first server recorded it")
                    .isEqualTo(first.drills().drill(drill).timeline().records());
        }
    }
}
