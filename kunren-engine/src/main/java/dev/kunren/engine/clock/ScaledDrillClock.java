package dev.kunren.engine.clock;

import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/** The real drill clock: real time multiplied by a speed factor. It is created paused. */
public final class ScaledDrillClock implements DrillClock {

    public static final double MAX_SPEED = 600;

    private final double speed;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private long drillNanosAtResume;
    private long realNanosAtResume;
    private boolean paused = true;
    private boolean stopped;

    public ScaledDrillClock(double speed) {
        if (!(speed > 0 && speed <= MAX_SPEED)) {
            throw new IllegalArgumentException("speed must be within (0, " + (int) MAX_SPEED + "], but was " + speed);
        }
        this.speed = speed;
    }

    @Override
    public double speed() {
        return speed;
    }

    @Override
    public Duration elapsed() {
        lock.lock();
        try {
            return Duration.ofNanos(elapsedNanos());
        } finally {
            lock.unlock();
        }
    }

    private long elapsedNanos() {
        if (paused) {
            return drillNanosAtResume;
        }
        return drillNanosAtResume + (long) ((System.nanoTime() - realNanosAtResume) * speed);
    }

    @Override
    public void awaitElapsed(Duration target) throws InterruptedException {
        long targetNanos = target.toNanos();
        lock.lock();
        try {
            while (!stopped) {
                if (paused) {
                    changed.await();
                    continue;
                }
                long remainingDrill = targetNanos - elapsedNanos();
                if (remainingDrill <= 0) {
                    return;
                }
                changed.awaitNanos(Math.max(1, (long) (remainingDrill / speed)));
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void stop() {
        lock.lock();
        try {
            if (!paused) {
                drillNanosAtResume = elapsedNanos();
                paused = true;
            }
            stopped = true;
            changed.signalAll();
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
            if (!paused) {
                drillNanosAtResume = elapsedNanos();
                paused = true;
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void resume() {
        lock.lock();
        try {
            if (paused && !stopped) {
                realNanosAtResume = System.nanoTime();
                paused = false;
                changed.signalAll();
            }
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

    @Override
    public void jumpTo(Duration elapsed) {
        lock.lock();
        try {
            if (!paused || stopped || elapsed.toNanos() < drillNanosAtResume) {
                throw new IllegalStateException("a clock jumps only forward, while paused; it is at " + Duration.ofNanos(elapsedNanos()));
            }
            drillNanosAtResume = elapsed.toNanos();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Real time that {@code drillTime} takes at this clock's speed. */
    public Duration realTimeFor(Duration drillTime) {
        return Duration.ofNanos((long) (drillTime.toNanos() / speed));
    }

    @Override
    public String toString() {
        return "ScaledDrillClock[speed=" + speed + ", elapsed=" + elapsed() + "]";
    }

}
