package dev.kunren.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kunren.engine.timeline.EventRecord;
import dev.kunren.engine.timeline.Timeline;
import dev.kunren.engine.timeline.TimelineEvent;
import dev.kunren.engine.timeline.TimelineEvent.AlertChanged;
import dev.kunren.engine.timeline.TimelineEvent.ConsoleOperation;
import dev.kunren.engine.timeline.TimelineEvent.DatabaseFailedOver;
import dev.kunren.engine.timeline.TimelineEvent.MetricsSampled;
import dev.kunren.engine.timeline.TimelineEvent.RecurrenceEnded;
import dev.kunren.engine.timeline.TimelineEvent.AlertState;
import dev.kunren.engine.timeline.TimelineEvent.DrillEnded;
import dev.kunren.engine.timeline.TimelineEvent.DrillPaused;
import dev.kunren.engine.timeline.TimelineEvent.DrillResumed;
import dev.kunren.engine.timeline.TimelineEvent.DrillStarted;
import dev.kunren.engine.timeline.TimelineEvent.EndReason;
import dev.kunren.engine.timeline.TimelineEvent.FaultInjected;
import dev.kunren.engine.timeline.TimelineEvent.FaultInjectionFailed;
import dev.kunren.engine.timeline.TimelineEvent.FaultReverted;
import dev.kunren.engine.timeline.TimelineEvent.InstanceHealthChanged;
import dev.kunren.engine.timeline.TimelineEvent.NotificationSent;
import dev.kunren.engine.timeline.TimelineEvent.RevertReason;
import dev.kunren.engine.timeline.TimelineEvent.TrafficStarted;
import dev.kunren.engine.timeline.TimelineEvent.WindowClosed;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JdbcEventStoreTest {

    @TempDir
    Path dir;

    /** One of every kind of event, with awkward values (unicode, quotes, nanoseconds). */
    static List<TimelineEvent> everyKindOfEvent() {
        return List.of(
                new DrillStarted("first-drill", "最初の訓練 \"quoted\"", 10, -42, Duration.ofMinutes(6), 0.995,
                        Duration.ofMillis(300), Duration.ofSeconds(10), List.of("web-1", "web-2"), List.of("red", "blue")),
                new TrafficStarted(30),
                new FaultInjected("kill-web-1", "kill-instance", "web-1", Map.of("percent", "100"), Duration.ofMinutes(3),
                        List.of("web-instance-down")),
                new FaultInjectionFailed("x", "latency", "already active"),
                new InstanceHealthChanged("web-1", false),
                new AlertChanged("web-cpu-high", "warning", AlertState.FIRING, "CPU > 90%", 97.25, "cpu > 90%"),
                new NotificationSent("web-cpu-high", AlertState.FIRING, "webhook", false, "ConnectException"),
                new WindowClosed(3, Duration.ofSeconds(30), Duration.ofSeconds(40), 300, 2, 99.333, 4.5, 120.25, 1480.5,
                        5000.25, true, 17),
                new DrillPaused(),
                new DrillResumed(),
                new FaultReverted("kill-web-1", RevertReason.TIME_LIMIT),
                new FaultReverted("cut", RevertReason.FIXED),
                new ConsoleOperation("tanaka", "10.0.3.27", "PutObject", "shop-config/app-config.json", Map.of("bytes", "170"),
                        true, "stored as version 2"),
                new DatabaseFailedOver("db-1", "db-2", 12, 3, Duration.ofMillis(4500), false),
                new MetricsSampled(Map.of("db_replica_lag_seconds", 1.5, "cost_yen_per_hour", 16.0)),
                new RecurrenceEnded("random-kill", "health-replacement is on"),
                new TimelineEvent.AlertAcknowledged("availability-low", "佐藤"),
                new TimelineEvent.TeamJoined("Aiko"),
                new TimelineEvent.IncidentDeclared("INC-1", "決済が失敗する", "SEV2", List.of("checkout"), "aiko", "error-rate-high"),
                new TimelineEvent.IncidentStatusChanged("INC-1", "INVESTIGATING", "IDENTIFIED", "aiko"),
                new TimelineEvent.IncidentSeverityChanged("INC-1", "SEV2", "SEV1", "aiko"),
                new TimelineEvent.RoleAssigned("INC-1", "incident-commander", "aiko", "aiko"),
                new TimelineEvent.RoleReleased("INC-1", "incident-commander", "aiko"),
                new TimelineEvent.MilestoneCorrected("INC-1", "DETECTED", Duration.ofMillis(33_250), "ben", "call log"),
                new TimelineEvent.IncidentNoteAdded("INC-1", "rolled back", "aiko"),
                new TimelineEvent.InternalUpdatePosted("INC-1", "checkout fails", "rolling back", "", "aiko"),
                new TimelineEvent.ActionItemAdded("INC-1", "add an alert", "ben", "2026-12-01", "aiko"),
                new TimelineEvent.PublicUpdatePosted("INC-1", "INVESTIGATING", "予約できません", Map.of("booking", "major-outage"), "ben"),
                new TimelineEvent.MessageDelivered("call", "佐藤 (customer)", "phone", "customer-liaison",
                        Map.of("en", "Is it down?", "ja", "落ちていますか？")),
                new TimelineEvent.MessageAnswered("call", "Yes, since 10:02", "ben"),
                new TimelineEvent.ExpectationJudged("call/answer", "call", "answer", true, Duration.ofSeconds(240),
                        Duration.ofSeconds(420), Duration.ofMillis(300_500), 100, "answered after 1m 00s (limit 3m 00s)",
                        Duration.ofMinutes(3), ""),
                new TimelineEvent.ExpectationJudged("call/declare", "call", "declare", false, Duration.ofSeconds(240),
                        null, null, 0, "no incident declared before the drill ended",
                        Duration.ofMinutes(3), ""),
                new DrillEnded(EndReason.COMPLETED, "ran its course"));
    }

    @org.junit.jupiter.api.Test
    void an_h2_file_writes_each_commit_to_disk_so_a_crash_keeps_what_was_confirmed() {
        assertThat(JdbcEventStore.durable("jdbc:h2:file:/tmp/k;DB_CLOSE_ON_EXIT=FALSE")).endsWith(";WRITE_DELAY=0");
        assertThat(JdbcEventStore.durable("jdbc:h2:./runs/k")).endsWith(";WRITE_DELAY=0");
        assertThat(JdbcEventStore.durable("jdbc:h2:file:/tmp/k;write_delay=100")).doesNotContain("WRITE_DELAY=0");
        assertThat(JdbcEventStore.durable("jdbc:h2:mem:k")).isEqualTo("jdbc:h2:mem:k");
        assertThat(JdbcEventStore.durable("jdbc:postgresql://127.0.0.1/kunren")).isEqualTo("jdbc:postgresql://127.0.0.1/kunren");
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void postmortems_keep_every_version_and_read_back_the_latest(String database) {
        try (JdbcEventStore store = Databases.open(database, dir)) {
            String drillId = "d-" + UUID.randomUUID();
            store.createDrill(drillId, "first-drill", Instant.parse("2026-11-24T05:00:00Z"));
            assertThat(store.latestPostmortem(drillId, "red")).isEmpty();
            assertThat(store.savePostmortem(drillId, "red", "{\"title\":\"v1\"}", "aiko", Instant.parse("2026-11-24T06:00:00Z")))
                    .isEqualTo(1);
            assertThat(store.savePostmortem(drillId, "red", "{\"title\":\"振り返り v2\"}", "ben", Instant.parse("2026-11-24T06:05:00Z")))
                    .isEqualTo(2);
            assertThat(store.savePostmortem(drillId, "blue", "{}", "cho", Instant.parse("2026-11-24T06:06:00Z"))).isEqualTo(1);
            assertThat(store.latestPostmortem(drillId, "red")).hasValue(new JdbcEventStore.SavedPostmortem(2,
                    "{\"title\":\"振り返り v2\"}", "ben", Instant.parse("2026-11-24T06:05:00Z")));
            assertThat(store.postmortemVersions(drillId, "red")).extracting(v -> v.version() + " " + v.savedBy() + " " + v.document())
                    .containsExactly("1 aiko {\"title\":\"v1\"}", "2 ben {\"title\":\"振り返り v2\"}");
            assertThat(store.postmortemVersions(drillId, "green")).isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void events_read_back_equal_those_written(String database) {
        try (JdbcEventStore store = Databases.open(database, dir)) {
            String drillId = "d-" + UUID.randomUUID();
            store.createDrill(drillId, "first-drill", Instant.parse("2026-11-24T05:00:00.123456Z"));
            Timeline timeline = new Timeline(drillId, store.sink(), Clock.systemUTC());
            long nanos = 1;
            int i = 0;
            for (TimelineEvent event : everyKindOfEvent()) {
                timeline.append(i++ % 2 == 0 ? "red" : "", Duration.ofNanos(nanos += 1_234_567_891L), event);
            }

            List<EventRecord> read = store.events(drillId);

            assertThat(read).isEqualTo(timeline.records()).hasSize(everyKindOfEvent().size());
            assertThat(store.drill(drillId)).hasValueSatisfying(d ->
                    assertThat(d.createdAt()).isEqualTo(Instant.parse("2026-11-24T05:00:00.123456Z")));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void a_drill_id_cannot_be_reused_and_an_event_cannot_be_rewritten(String database) {
        try (JdbcEventStore store = Databases.open(database, dir)) {
            String drillId = "d-" + UUID.randomUUID();
            store.createDrill(drillId, "s", Instant.now());
            EventRecord first = new EventRecord(drillId, 1, "red", Duration.ZERO, Instant.parse("2026-11-24T05:00:00Z"), new DrillPaused());
            store.append(first);

            assertThatThrownBy(() -> store.createDrill(drillId, "s", Instant.now()))
                    .isInstanceOf(StoreException.class).hasMessageStartingWith("cannot record drill " + drillId);
            // a second event 1 is what a retry after a lost commit looks like: it is skipped, never written over the first
            store.append(new EventRecord(drillId, 1, "", Duration.ZERO, Instant.now(), new DrillResumed()));
            assertThat(store.events(drillId)).containsExactly(first);
            assertThat(store.health().available()).isTrue();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void a_setting_is_stored_replaced_and_read_back(String database) {
        try (JdbcEventStore store = Databases.open(database, dir)) {
            String name = "test-" + UUID.randomUUID().toString().substring(0, 8);
            assertThat(store.setting(name)).isEmpty();
            store.putSetting(name, "pbkdf2-sha256$1$salt$hash");
            store.putSetting(name, "second");
            assertThat(store.setting(name)).hasValue("second");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void an_unknown_drill_has_no_events(String database) {
        try (JdbcEventStore store = Databases.open(database, dir)) {
            assertThat(store.events("no-such-drill")).isEmpty();
            assertThat(store.drill("no-such-drill")).isEmpty();
        }
    }

    @org.junit.jupiter.api.Test
    void an_unreachable_database_gives_a_clear_error_without_the_password() {
        assertThatThrownBy(() -> JdbcEventStore.open("jdbc:postgresql://127.0.0.1:1/kunren?user=x&password=secret", null, null))
                .isInstanceOf(StoreException.class)
                .hasMessageStartingWith("cannot connect to the database at jdbc:postgresql://127.0.0.1:1/kunren?user=x&password=***")
                .message().doesNotContain("secret");
    }

    @org.junit.jupiter.api.Test
    void the_latest_migration_constant_names_the_newest_migration_file() throws Exception {
        try (var files = java.nio.file.Files.list(Path.of("kunren-server/src/main/resources/db/migration"))) {
            int newest = files.map(f -> f.getFileName().toString()).filter(n -> n.matches("V\\d+__.*\\.sql"))
                    .mapToInt(n -> Integer.parseInt(n.substring(1, n.indexOf("__")))).max().orElseThrow();
            assertThat(JdbcEventStore.LATEST_MIGRATION).isEqualTo(String.valueOf(newest));
        }
    }

    @org.junit.jupiter.api.Test
    void reopening_an_up_to_date_database_keeps_its_drills() {
        Path file = dir.resolve("reopen");
        try (JdbcEventStore store = JdbcEventStore.openEmbedded(file)) {
            store.createDrill("kept", "s", Instant.parse("2026-11-24T00:00:00Z"));
        }
        try (JdbcEventStore store = JdbcEventStore.openEmbedded(file)) {
            assertThat(store.drills()).extracting(DrillSummary::id).containsExactly("kept");
        }
    }

    @org.junit.jupiter.api.Test
    void an_embedded_database_held_by_another_process_is_named_with_a_way_out() throws Exception {
        Path file = dir.resolve("held");
        JdbcEventStore.openEmbedded(file).close();
        Process holder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), HoldDatabase.class.getName(), file.toString())
                .redirectErrorStream(true).start();
        try (var lines = new java.io.BufferedReader(new java.io.InputStreamReader(holder.getInputStream()))) {
            assertThat(lines.readLine()).isEqualTo("holding");

            assertThatThrownBy(() -> JdbcEventStore.openEmbedded(file)).isInstanceOf(StoreException.class)
                    .hasMessageContaining("is in use by another kunren process")
                    .hasMessageEndingWith("--db jdbc:h2:file:./runs/another");
        } finally {
            holder.destroyForcibly().waitFor();
        }
    }

    /** Opens an embedded database in another process and keeps it open until killed. */
    public static final class HoldDatabase {
        public static void main(String[] args) throws InterruptedException {
            JdbcEventStore.openEmbedded(Path.of(args[0]));
            System.out.println("holding");
            System.out.flush();
            Thread.sleep(java.time.Duration.ofMinutes(5));
        }
    }
}
