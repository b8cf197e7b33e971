package dev.kunren.engine.clock;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/**
 * The one clock a drill runs on. Drill time starts at zero, runs {@link #speed()} times faster
 * than real time, and stands still while the drill is paused. Everything that schedules or waits
 * in a drill goes through it, so tests can drive it by hand.
 *
 * <p>As an {@link InstantSource} it gives drill time as instants counted from the epoch, for
 * components that only need "now" in drill time.
 */
public interface DrillClock extends InstantSource {

    /** Drill time since the start, not counting pauses. */
    Duration elapsed();

    /** How many drill seconds pass per real second. */
    double speed();

    /** Blocks until drill time reaches {@code target} or the clock is stopped; waits through pauses. */
    void awaitElapsed(Duration target) throws InterruptedException;

    /** Freezes drill time for good and releases every waiter: the drill is over. */
    void stop();

    boolean isStopped();

    /** Stops drill time; pausing a paused clock does nothing. */
    void pause();

    /** Lets drill time run again; resuming a running clock does nothing. */
    void resume();

    boolean isPaused();

    /**
     * Moves a paused clock forward to {@code elapsed} at once, without running: a drill taken back
     * after a crash rebuilds its environments at the drill times they were recorded, then goes on
     * from where it stopped.
     *
     * @throws IllegalStateException if the clock runs or is stopped, or {@code elapsed} is behind it
     */
    void jumpTo(Duration elapsed);

    @Override
    default Instant instant() {
        return Instant.EPOCH.plus(elapsed());
    }
}
