package dev.kunren.engine.drill;

import dev.kunren.engine.KunrenException;

/** A drill was asked to move to a state it cannot reach from where it is (e.g. resume an ended drill). */
public final class IllegalDrillTransitionException extends KunrenException {

    public IllegalDrillTransitionException(DrillState from, DrillState to) {
        super("a drill cannot go from " + from + " to " + to + "; from " + from + " it can go to " + from.next());
    }
}
