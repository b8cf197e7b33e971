package dev.kunren.engine.fault.internal;

import dev.kunren.engine.traffic.TrafficGenerator;

/** Multiplies customer traffic, as when the shop is suddenly in the news. */
public final class TrafficSpikeFault extends OnceRevertible {

    private final TrafficGenerator traffic;
    private final String key;
    private final double factor;

    public TrafficSpikeFault(TrafficGenerator traffic, String key, double factor) {
        this.traffic = traffic;
        this.key = key;
        this.factor = factor;
    }

    @Override
    protected void apply() {
        traffic.setMultiplier(key, factor);
    }

    @Override
    protected void undo() {
        traffic.clearMultiplier(key);
    }
}
