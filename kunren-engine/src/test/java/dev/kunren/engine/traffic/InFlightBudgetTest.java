package dev.kunren.engine.traffic;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The requests in flight stay within what the process's file descriptors can hold, shared by the teams. */
class InFlightBudgetTest {

    @Test
    void a_tenth_of_the_descriptor_limit_is_shared_equally_within_bounds() {
        assertThat(InFlightBudget.total(20_000)).isEqualTo(2_000);
        assertThat(InFlightBudget.share(2_000, 20)).as("20 teams on 20,000 descriptors").isEqualTo(100);
        assertThat(InFlightBudget.share(2_000, 1)).as("one team").isEqualTo(2_000);
        assertThat(InFlightBudget.share(1_000_000, 1)).as("never above").isEqualTo(InFlightBudget.MAX_SHARE);
        assertThat(InFlightBudget.share(102, 50)).as("never below").isEqualTo(InFlightBudget.MIN_SHARE);
        assertThat(InFlightBudget.share(2_000, 0)).as("before any generator starts").isEqualTo(2_000);
        assertThat(InFlightBudget.total(0)).as("a JVM that cannot tell").isEqualTo(InFlightBudget.MAX_SHARE);
    }
}
