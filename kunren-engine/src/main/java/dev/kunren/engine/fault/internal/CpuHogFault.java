package dev.kunren.engine.fault.internal;

import dev.kunren.shop.instance.CapacityModel;

/** A modelled runaway process taking a share of an instance's CPU. */
public final class CpuHogFault extends OnceRevertible {

    private final CapacityModel capacity;
    private final double percent;

    public CpuHogFault(CapacityModel capacity, double percent) {
        this.capacity = capacity;
        this.percent = percent;
    }

    @Override
    protected void apply() {
        capacity.setHogPercent(percent);
    }

    @Override
    protected void undo() {
        capacity.setHogPercent(0);
    }
}
