package dev.kunren.engine.fault.internal;

import dev.kunren.shop.compute.Fleet;
import dev.kunren.shop.compute.InstanceState;
import dev.kunren.shop.instance.WebInstance;
import dev.kunren.shop.instance.WebInstance.HogProcess;

/**
 * A runaway process on an instance taking a share of its CPU. Fixed once the process is gone:
 * killed, or ended by a restart or a termination.
 */
public final class CpuHogFault extends OnceRevertible {

    private final Fleet fleet;
    private final String instance;
    private final HogProcess process;

    public CpuHogFault(Fleet fleet, String instance, double percent, int pid) {
        this.fleet = fleet;
        this.instance = instance;
        this.process = new HogProcess(pid, "/usr/bin/gzip -9 /var/backups/orders-full.sql", percent);
    }

    @Override
    protected void apply() {
        fleet.app(instance).startHog(process);
    }

    @Override
    protected void undo() {
        if (fleet.instance(instance).state() != InstanceState.TERMINATED) {
            fleet.app(instance).killProcess(process.pid());
        }
    }

    @Override
    public boolean fixed() {
        if (fleet.instance(instance).state() == InstanceState.TERMINATED) {
            return true;
        }
        WebInstance app = fleet.app(instance);
        return app.hog().map(h -> h.pid() != process.pid()).orElse(true);
    }
}
