package dev.kunren.engine.fault;

import java.time.Duration;

/**
 * A fault that is happening to the practice environment. {@link #revert()} undoes it and may be
 * called any number of times, from any thread; it never undoes what the team did to fix it.
 */
public interface Fault {

    void inject();

    void revert();

    /** Whether the team has fixed the fault through the console; faults that can only be mitigated never are. */
    default boolean fixed() {
        return false;
    }

    /** Moves a fault that acts over time (an attacker who comes back) to drill time {@code now}. */
    default void tick(Duration now) {
    }
}
