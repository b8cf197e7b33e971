package dev.kunren.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A drill's lease on PostgreSQL: one process at a time, let go when that process's connection goes. */
class DrillLeasesTest {

    @Test
    void one_process_holds_a_drill_and_another_gets_it_once_the_first_is_gone() {
        Databases.requirePostgres();
        String drill = "lease-" + System.nanoTime();
        try (DrillLeases first = new DrillLeases(Databases.POSTGRES_URL, null, null);
             DrillLeases second = new DrillLeases(Databases.POSTGRES_URL, null, null)) {
            assertThat(first.tryAcquire(drill)).isTrue();
            assertThat(first.tryAcquire(drill)).as("taking it twice is fine").isTrue();
            assertThat(second.tryAcquire(drill)).isFalse();
            assertThat(second.tryAcquire("other-" + drill)).as("another drill is free").isTrue();
            first.close();  // as a killed process: its connection closes, and the database lets its locks go as it notices
            await().atMost(Duration.ofSeconds(10)).until(() -> second.tryAcquire(drill));
        }
    }

    @Test
    void a_process_whose_connection_was_killed_learns_which_drills_another_took_meanwhile() throws Exception {
        Databases.requirePostgres();
        String kept = "kept-" + System.nanoTime();
        String taken = "taken-" + System.nanoTime();
        try (DrillLeases first = new DrillLeases(Databases.POSTGRES_URL, null, null);
             DrillLeases second = new DrillLeases(Databases.POSTGRES_URL, null, null)) {
            first.tryAcquire(kept);
            first.tryAcquire(taken);
            assertThat(first.renew()).as("all held").isEmpty();
            try (Connection admin = DriverManager.getConnection(Databases.POSTGRES_URL);
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
}
