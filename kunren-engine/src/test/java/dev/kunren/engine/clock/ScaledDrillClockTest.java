package dev.kunren.engine.clock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ScaledDrillClockTest {

    @Test
    void drill_time_runs_speed_times_faster_than_real_time() throws InterruptedException {
        ScaledDrillClock clock = new ScaledDrillClock(100);
        clock.resume();
        long start = System.nanoTime();

        clock.awaitElapsed(Duration.ofSeconds(10));

        long realMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertThat(realMillis).isBetween(95L, 1_000L);
        assertThat(clock.elapsed()).isGreaterThanOrEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void a_paused_clock_stands_still_and_keeps_waiters_waiting() throws Exception {
        ScaledDrillClock clock = new ScaledDrillClock(500);
        CompletableFuture<Void> waiter = CompletableFuture.runAsync(() -> {
            try {
                clock.awaitElapsed(Duration.ofSeconds(5));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });

        assertThat(clock.isPaused()).isTrue();
        assertThat(clock.elapsed()).isZero();
        assertThat(waiter).isNotDone();

        clock.resume();
        waiter.get(5, TimeUnit.SECONDS);
        clock.pause();
        Duration frozen = clock.elapsed();
        assertThat(clock.elapsed()).isEqualTo(frozen);
    }

    @Test
    void stopping_releases_every_waiter() throws Exception {
        ScaledDrillClock clock = new ScaledDrillClock(1);
        clock.resume();
        CompletableFuture<Void> waiter = CompletableFuture.runAsync(() -> {
            try {
                clock.awaitElapsed(Duration.ofHours(1));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });

        clock.stop();

        waiter.get(5, TimeUnit.SECONDS);
        assertThat(clock.isStopped()).isTrue();
    }

    @Test
    void speed_must_be_sensible() {
        assertThatThrownBy(() -> new ScaledDrillClock(0)).hasMessage("speed must be within (0, 600], but was 0.0");
        assertThatThrownBy(() -> new ScaledDrillClock(1e6)).hasMessageStartingWith("speed must be within");
    }
}
