package dev.kunren.engine.clock;

import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/** A drill clock that moves only when told to: for tests and replays. */
public final class ManualDrillClock implements DrillClock {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition moved = lock.newCondition();
    private Duration elapsed = Duration.ZERO;
    private boolean paused;
    private boolean stopped;

    @Override
    public Duration elapsed() {
        lock.lock();
        try {
            return elapsed;
        } finally {
            lock.unlock();
        }
    }

    /** Moves drill time forward (ignored while paused, as a real clock would be). */
    public void advance(Duration step) {
        if (step.isNegative()) {
            throw new IllegalArgumentException("step must be >= 0, but was " + step);
        }
        lock.lock();
        try {
            if (!paused && !stopped) {
                elapsed = elapsed.plus(step);
                moved.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public double speed() {
        return 1;
    }

    @Override
    public void awaitElapsed(Duration target) throws InterruptedException {
        lock.lock();
        try {
            while (elapsed.compareTo(target) < 0 && !stopped) {
                moved.await();
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void stop() {
        lock.lock();
        try {
            stopped = true;
            moved.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean isStopped() {
        lock.lock();
        try {
            return stopped;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void pause() {
        lock.lock();
        try {
            paused = true;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void resume() {
        lock.lock();
        try {
            paused = false;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void jumpTo(Duration to) {
        lock.lock();
        try {
            if (!paused || stopped || to.compareTo(elapsed) < 0) {
                throw new IllegalStateException("a clock jumps only forward, while paused; it is at " + elapsed);
            }
            elapsed = to;
            moved.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean isPaused() {
        lock.lock();
        try {
            return paused;
        } finally {
            lock.unlock();
        }
    }
}
