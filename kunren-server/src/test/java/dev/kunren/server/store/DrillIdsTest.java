package dev.kunren.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Drill ids say what and when to people, and cannot be guessed (their status pages are public). */
class DrillIdsTest {

    @Test
    void an_id_names_the_scenario_and_the_start_and_carries_128_random_bits() {
        Instant at = Instant.parse("2026-12-02T08:15:00Z");
        String id = DrillIds.next("first-drill", at);
        assertThat(id).matches("first-drill-20261202-081500-[a-z2-7]{26}");
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            ids.add(DrillIds.next("first-drill", at));
        }
        assertThat(ids).as("same scenario, same second").hasSize(10_000);
        assertThat(DrillIds.next("a".repeat(63), at)).as("the longest scenario name fits the store's column").hasSizeLessThanOrEqualTo(120);
    }
}
