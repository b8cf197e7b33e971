package dev.kunren.engine.clock;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ManualDrillClockTest {

    private static CompletableFuture<Void> waitFor(DrillClock clock, Duration target) {
        return CompletableFuture.runAsync(() -> {
            try {
                clock.awaitElapsed(target);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Test
    void waiters_are_released_only_when_the_clock_is_advanced_far_enough() throws Exception {
        ManualDrillClock clock = new ManualDrillClock();
        CompletableFuture<Void> waiter = waitFor(clock, Duration.ofMinutes(5));

        clock.advance(Duration.ofMinutes(4));
        assertThat(waiter).isNotDone();
        clock.advance(Duration.ofMinutes(1));

        waiter.get(5, TimeUnit.SECONDS);
        assertThat(clock.elapsed()).isEqualTo(Duration.ofMinutes(5));
        assertThat(clock.instant().toEpochMilli()).isEqualTo(300_000);
    }

    @Test
    void a_paused_clock_ignores_advances_and_a_stopped_one_releases_everyone() throws Exception {
        ManualDrillClock clock = new ManualDrillClock();
        clock.pause();
        clock.advance(Duration.ofSeconds(30));
        assertThat(clock.elapsed()).isZero();

        CompletableFuture<Void> waiter = waitFor(clock, Duration.ofHours(1));
        clock.stop();

        waiter.get(5, TimeUnit.SECONDS);
        assertThat(clock.isStopped()).isTrue();
    }
}
