package dev.kunren.engine.fault.internal;

import dev.kunren.engine.fault.Fault;
import java.util.concurrent.atomic.AtomicBoolean;

/** Makes a fault's revert idempotent: the undo runs at most once, and only after an inject. */
abstract class OnceRevertible implements Fault {

    private final AtomicBoolean active = new AtomicBoolean();

    @Override
    public final void inject() {
        if (active.compareAndSet(false, true)) {
            apply();
        }
    }

    @Override
    public final void revert() {
        if (active.compareAndSet(true, false)) {
            undo();
        }
    }

    protected abstract void apply();

    protected abstract void undo();
}
