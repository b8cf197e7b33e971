package dev.kunren.engine.fault;

/**
 * A fault that is happening to the practice environment. {@link #revert()} undoes it and may be
 * called any number of times, from any thread.
 */
public interface Fault {

    void inject();

    void revert();
}
