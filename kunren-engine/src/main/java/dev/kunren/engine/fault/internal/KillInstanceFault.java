package dev.kunren.engine.fault.internal;

import dev.kunren.shop.compute.InstanceState;
import dev.kunren.shop.compute.Fleet;

/**
 * Stops an instance's application; the revert starts it again on the same port. Fixed once the
 * application runs again (restarted) or the instance is gone (terminated and replaced).
 */
public final class KillInstanceFault extends OnceRevertible {

    private final Fleet fleet;
    private final String instance;

    public KillInstanceFault(Fleet fleet, String instance) {
        this.fleet = fleet;
        this.instance = instance;
    }

    @Override
    protected void apply() {
        fleet.app(instance).stop();
    }

    @Override
    protected void undo() {
        if (fleet.instance(instance).state() == InstanceState.RUNNING) {
            fleet.app(instance).start();
        }
    }

    @Override
    public boolean fixed() {
        var view = fleet.instance(instance);
        return view.appRunning() || view.state() == InstanceState.TERMINATED;
    }
}
