package dev.kunren.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A drill's lease on PostgreSQL: one process at a time, let go when that process's connection goes. */
class DrillLeasesTest {

    /** A schema of its own, migrated (leases note who took them last). */
    private static String database() {
        Databases.requirePostgres();
        String url = Databases.POSTGRES_URL + "&currentSchema=leases_" + Long.toHexString(System.nanoTime());
        JdbcEventStore.open(url, null, null).close();
        return url;
    }

    @Test
    void one_process_holds_a_drill_and_another_gets_it_once_the_first_is_gone() {
        String db = database();
        String drill = "lease-" + System.nanoTime();
        String firstNode = "first-" + System.nanoTime();
        try (DrillLeases first = new DrillLeases(db, null, null, firstNode);
             DrillLeases second = new DrillLeases(db, null, null, "second-" + System.nanoTime())) {
            assertThat(first.tryAcquire(drill)).isTrue();
            assertThat(first.tryAcquire(drill)).as("taking it twice is fine").isTrue();
            assertThat(second.tryAcquire(drill)).isFalse();
            assertThat(second.holder(drill)).as("who runs it, for the second to hand it requests").contains(firstNode);
            assertThat(second.otherNodes()).contains(firstNode).doesNotContain(second.nodeId());
            assertThat(first.holder(drill)).as("its own: nobody else's").isEmpty();
            assertThat(second.tryAcquire("other-" + drill)).as("another drill is free").isTrue();
            first.close();  // as a killed process: its connection closes, and the database lets its locks go as it notices
            await().atMost(Duration.ofSeconds(10)).until(() -> second.holder(drill).isEmpty() && second.tryAcquire(drill));
        }
    }

    @Test
    void a_process_whose_connection_was_killed_learns_which_drills_another_took_meanwhile() throws Exception {
        String db = database();
        String kept = "kept-" + System.nanoTime();
        String taken = "taken-" + System.nanoTime();
        try (DrillLeases first = new DrillLeases(db, null, null, "first-" + System.nanoTime());
             DrillLeases second = new DrillLeases(db, null, null, "second-" + System.nanoTime())) {
            first.tryAcquire(kept);
            first.tryAcquire(taken);
            assertThat(first.renew()).as("all held").isEmpty();
            try (Connection admin = DriverManager.getConnection(db);
                 var kill = admin.prepareStatement("SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' "
                         + "AND objid = (? & 4294967295) AND classid = ((? >> 32) & 4294967295)")) {
                kill.setLong(1, DrillLeases.key(taken));
                kill.setLong(2, DrillLeases.key(taken));
                kill.execute();
            }
            await("free once the first's connection died").atMost(Duration.ofSeconds(10)).until(() -> second.tryAcquire(taken));

            assertThat(first.renew()).containsExactly(taken);
            assertThat(first.tryAcquire(kept)).as("taken again on a new connection").isTrue();
            assertThat(second.tryAcquire(kept)).isFalse();
        }
    }

    @Test
    void a_drill_is_taken_over_only_once_the_server_that_held_it_has_no_connection_left() throws Exception {
        String db = database();
        String drill = "over-" + System.nanoTime();
        String firstNode = "first-" + System.nanoTime();
        java.util.Properties pool = new java.util.Properties();
        pool.setProperty("ApplicationName", DrillLeases.APPLICATION_PREFIX + firstNode);
        try (DrillLeases first = new DrillLeases(db, null, null, firstNode);
             DrillLeases second = new DrillLeases(db, null, null, "second-" + System.nanoTime());
             Connection firstsPool = DriverManager.getConnection(db, pool)) {
            assertThat(first.tryAcquire(drill)).isTrue();
            assertThat(second.tryTakeOver(drill, Duration.ZERO)).as("held").isFalse();

            first.close();  // its lock drops (as when the database restarts), but the server is still connected
            await().atMost(Duration.ofSeconds(10)).until(() -> second.holder(drill).isEmpty());
            assertThat(second.tryTakeOver(drill, Duration.ZERO)).as("its server is still there: it takes the drill again").isFalse();

            firstsPool.close();  // now the first server is gone
            await().atMost(Duration.ofSeconds(10)).until(() -> second.tryTakeOver(drill, Duration.ofMillis(300)));
            assertThat(second.holds(drill)).isTrue();
        }
    }

    @Test
    void a_drill_let_go_on_purpose_is_taken_at_once_while_its_server_lives_on() {
        String db = database();
        String drill = "ended-" + System.nanoTime();
        try (DrillLeases first = new DrillLeases(db, null, null, "first-" + System.nanoTime());
             DrillLeases second = new DrillLeases(db, null, null, "second-" + System.nanoTime())) {
            first.tryAcquire(drill);
            first.release(drill);  // it ended: any server lists it
            assertThat(second.tryTakeOver(drill, Duration.ofHours(1))).isTrue();
        }
    }
}
