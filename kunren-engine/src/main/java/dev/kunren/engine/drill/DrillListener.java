package dev.kunren.engine.drill;

/** Follows a drill live, once per tick of drill time (e.g. a terminal progress panel). */
@FunctionalInterface
public interface DrillListener {

    void onTick(DrillProgress progress);
}
