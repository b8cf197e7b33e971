package dev.kunren.server;

/**
 * The name of a JUnit resource lock on the machine's cores. Real-time drills that judge their
 * service against a latency objective take it to read ({@code READ}: they may run beside each
 * other, as they always have); the browser tests, whose Chromium takes a core of its own for
 * seconds at a time, take it to write, so they never run beside those drills. Two real-time
 * drills and a rendering Chromium on two cores made the cpu-hog playbook's windows miss their
 * latency objective after the team's fix, a verdict on the machine rather than on the drill.
 */
public final class MachineLock {

    public static final String CORES = "the machine's cores";

    private MachineLock() {
    }
}
