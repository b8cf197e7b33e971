package dev.kunren.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Failed accepts wait longer each time, up to a bound, and a success starts over. */
class AcceptBackoffTest {

    @Test
    void the_pause_doubles_to_its_bound_and_a_success_resets_it() {
        AcceptBackoff backoff = new AcceptBackoff();
        long[] pauses = new long[9];
        for (int i = 0; i < pauses.length; i++) {
            assertThat(backoff.failed()).isTrue();
            pauses[i] = backoff.nextMillis();
        }
        assertThat(pauses).containsExactly(1, 2, 4, 8, 16, 32, 64, 100, 100);
        backoff.succeeded();
        assertThat(backoff.failed()).isTrue();
        assertThat(backoff.nextMillis()).isEqualTo(1);
    }

    @Test
    void an_interrupted_wait_tells_the_loop_to_stop() {
        AcceptBackoff backoff = new AcceptBackoff();
        Thread.currentThread().interrupt();
        assertThat(backoff.failed()).isFalse();
        assertThat(Thread.interrupted()).as("the interrupt is kept for the caller").isTrue();
    }
}
