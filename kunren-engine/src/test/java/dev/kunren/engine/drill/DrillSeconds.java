package dev.kunren.engine.drill;

import static org.awaitility.Awaitility.await;

import dev.kunren.engine.clock.ManualDrillClock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

/** Moves a drill on the manual clock one second at a time, each time waiting until the drill has done that second. */
final class DrillSeconds {

    private DrillSeconds() {
    }

    static void advanceTo(ManualDrillClock clock, AtomicReference<DrillProgress> progress, int seconds) {
        while (clock.elapsed().toSeconds() < seconds) {
            clock.advance(Duration.ofSeconds(1));
            long target = clock.elapsed().toSeconds();
            await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1)).atMost(Duration.ofSeconds(5))
                    .until(() -> progress.get() != null && progress.get().elapsed().toSeconds() >= target);
        }
    }
}
