package dev.kunren.engine.fault.internal;

import dev.kunren.shop.instance.WebInstance;

/** Stops an instance's server; the revert starts it again on the same port. */
public final class KillInstanceFault extends OnceRevertible {

    private final WebInstance instance;

    public KillInstanceFault(WebInstance instance) {
        this.instance = instance;
    }

    @Override
    protected void apply() {
        instance.stop();
    }

    @Override
    protected void undo() {
        instance.start();
    }
}
