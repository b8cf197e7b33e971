package dev.kunren.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The token bucket on its own clock: a burst, a steady rate, when to retry, and a bounded number of keys. */
class RateLimitsTest {

    private final AtomicLong now = new AtomicLong();

    @Test
    void a_burst_then_the_rate_and_the_wait_is_said() {
        RateLimits limits = new RateLimits("notes", 60, 3, 10, now::get);
        limits.take("red");
        limits.take("red");
        limits.take("red");
        assertThatThrownBy(() -> limits.take("red")).isInstanceOf(Problem.class)
                .satisfies(e -> assertThat(((Problem) e).retryAfterSeconds()).isEqualTo(1))
                .hasMessageContaining("too many notes");
        limits.take("blue");  // each key its own bucket
        now.addAndGet(1_000_000_000L);
        limits.take("red");
        assertThatThrownBy(() -> limits.take("red")).isInstanceOf(Problem.class);
    }

    @Test
    void keys_are_bounded_and_a_busy_one_is_never_forgotten_to_reset_it() {
        RateLimits limits = new RateLimits("joins", 60, 1, 2, now::get);
        limits.take("a");
        limits.take("b");
        assertThatThrownBy(() -> limits.take("c")).as("two busy keys held; no full one to drop")
                .hasMessageContaining("too many callers");
        assertThatThrownBy(() -> limits.take("a")).as("a is still empty").isInstanceOf(Problem.class);
        now.addAndGet(2_000_000_000L);
        limits.take("c");  // a and b refilled: one of them gives way
    }
}
