package dev.kunren.engine.drill;

import java.util.EnumSet;
import java.util.Set;

/** The lifecycle of a drill. The legal moves are listed here and nowhere else. */
public enum DrillState {
    CREATED, RUNNING, PAUSED, ENDED;

    public Set<DrillState> next() {
        return switch (this) {
            case CREATED -> EnumSet.of(RUNNING, ENDED);
            case RUNNING -> EnumSet.of(PAUSED, ENDED);
            case PAUSED -> EnumSet.of(RUNNING, ENDED);
            case ENDED -> EnumSet.noneOf(DrillState.class);
        };
    }

    /** Returns {@code target} if this state may move to it, else throws naming both. */
    public DrillState moveTo(DrillState target) {
        if (!next().contains(target)) {
            throw new IllegalDrillTransitionException(this, target);
        }
        return target;
    }
}
