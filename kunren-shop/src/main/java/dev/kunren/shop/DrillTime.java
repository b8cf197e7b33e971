package dev.kunren.shop;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/** Drill time as the shop sees it: the drill clock counts instants from the epoch. */
public final class DrillTime {

    private DrillTime() {
    }

    public static Duration now(InstantSource drillClock) {
        return Duration.between(Instant.EPOCH, drillClock.instant());
    }
}
