package dev.kunren.engine.drill;

import dev.kunren.engine.KunrenException;
import dev.kunren.engine.alert.AlertEvaluator;
import dev.kunren.engine.alert.MetricReadings;
import dev.kunren.engine.alert.Notifier;
import dev.kunren.engine.clock.DrillClock;
import dev.kunren.engine.fault.FaultCatalog;
import dev.kunren.engine.fault.FaultSpec;
import dev.kunren.engine.fault.FaultSupervisor;
import dev.kunren.engine.scenario.Scenario;
import dev.kunren.engine.scoring.SliWindows;
import dev.kunren.engine.timeline.Timeline;
import dev.kunren.engine.timeline.TimelineEvent.AlertChanged;
import dev.kunren.engine.timeline.TimelineEvent.AlertState;
import dev.kunren.engine.timeline.TimelineEvent.DrillEnded;
import dev.kunren.engine.timeline.TimelineEvent.DrillPaused;
import dev.kunren.engine.timeline.TimelineEvent.DrillResumed;
import dev.kunren.engine.timeline.TimelineEvent.DrillStarted;
import dev.kunren.engine.timeline.TimelineEvent.EndReason;
import dev.kunren.engine.timeline.TimelineEvent.InstanceHealthChanged;
import dev.kunren.engine.timeline.TimelineEvent.RevertReason;
import dev.kunren.engine.timeline.TimelineEvent.TrafficStarted;
import dev.kunren.engine.timeline.TimelineEvent.WindowClosed;
import dev.kunren.engine.traffic.TrafficGenerator;
import dev.kunren.shop.InstanceStatus;
import dev.kunren.shop.Shop;
import dev.kunren.shop.balancer.HealthChange;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * One run of a scenario against one team's practice shop, from start to end, on a drill clock.
 *
 * <p>The drill loop wakes once per drill second and, in this order, closes an SLI window when
 * one is due (so a window never counts a fault injected at its end), reverts expired faults,
 * injects due ones, applies health-check results, evaluates the alert rules and reports progress. Customer traffic runs beside it on its own threads. Every
 * fact goes to the {@link Timeline}.
 */
public final class Drill {

    static final Duration TICK = Duration.ofSeconds(1);
    private static final int WARM_UP_REQUESTS = 2_000;

    private static final Duration NOTIFICATION_GRACE = Duration.ofSeconds(5);

    private final Scenario scenario;
    private final DrillClock clock;
    private final Timeline timeline;
    private final long seed;
    private final List<Notifier> notifiers;
    private final DrillListener listener;
    private final ExecutorService background = Executors.newVirtualThreadPerTaskExecutor();
    private final List<CompletableFuture<?>> notifications = new ArrayList<>();
    private DrillState state = DrillState.CREATED;
    private volatile boolean haltRequested;
    private volatile FaultSupervisor faults;

    public Drill(Scenario scenario, DrillClock clock, Timeline timeline, long seed, List<Notifier> notifiers,
                 DrillListener listener) {
        this.scenario = scenario;
        this.clock = clock;
        this.timeline = timeline;
        this.seed = seed;
        this.notifiers = List.copyOf(notifiers);
        this.listener = listener;
    }

    public synchronized DrillState state() {
        return state;
    }

    /** Runs the drill to its end on the calling thread and says how it ended. */
    public EndReason run() {
        synchronized (this) {
            state = state.moveTo(DrillState.RUNNING);
        }
        SliWindows windows = new SliWindows(scenario.scoring(), scenario.steadyState());
        Random random = new Random(seed);
        try (Shop shop = Shop.start(scenario.environment().shopConfig(), clock, random.nextLong());
             TrafficGenerator traffic = new TrafficGenerator(shop.uri(), scenario.traffic(), clock, random.nextLong(),
                     windows::record)) {
            faults = new FaultSupervisor(timeline, new FaultCatalog(shop, traffic)::create);
            traffic.warmUp(WARM_UP_REQUESTS, 16, warmUpBudget(clock.speed()));
            shop.forgetLoad();
            timeline.append(Duration.ZERO, started(shop));
            traffic.onFirstRequest(() -> timeline.append(clock.elapsed(), new TrafficStarted(scenario.traffic().ratePerSecond())));
            clock.resume();
            traffic.start();
            EndReason reason = loop(shop, traffic, windows);
            traffic.stop();
            Duration endedAt = reason == EndReason.COMPLETED ? scenario.duration() : clock.elapsed();
            return finish(reason, reason == EndReason.HALTED ? "halted" : "ran its course", endedAt);
        } catch (IOException e) {
            String problem = "the practice shop could not start: " + e.getMessage();
            finish(EndReason.FAILED, problem, clock.elapsed());
            throw new KunrenException(problem, e);
        } catch (RuntimeException e) {
            finish(EndReason.FAILED, String.valueOf(e.getMessage()), clock.elapsed());
            throw e;
        } finally {
            background.shutdownNow();
        }
    }

    /**
     * Real time to spend warming the shop before the clock starts. The faster the drill, the more
     * a cold JIT's first second would distort it (at 20× it is 20 drill seconds), so the longer
     * the warm-up: 0.6 s at 1×, 1.5 s at 10×, at most 3 s.
     */
    static Duration warmUpBudget(double speed) {
        return Duration.ofMillis(Math.min(3_000, 500 + (long) (100 * speed)));
    }

    private DrillStarted started(Shop shop) {
        return new DrillStarted(scenario.name(), scenario.title(), clock.speed(), seed, scenario.duration(),
                scenario.steadyState().availability(), scenario.steadyState().latencyP99(),
                scenario.steadyState().window(), shop.instanceIds());
    }

    private EndReason loop(Shop shop, TrafficGenerator traffic, SliWindows windows) {
        AlertEvaluator alerts = new AlertEvaluator(scenario.alerts());
        List<FaultSpec> pending = new ArrayList<>(scenario.injects());
        Duration window = scenario.steadyState().window();
        Duration interval = scenario.environment().healthCheckInterval();
        Duration nextHealthCheck = interval;
        CompletableFuture<List<HealthChange>> healthCheck = null;
        Duration windowStart = Duration.ZERO;
        int windowIndex = 0;
        long skippedBefore = 0;
        Optional<WindowClosed> lastWindow = Optional.empty();
        Duration end = scenario.duration();
        try {
            for (Duration t = Duration.ZERO; ; t = min(t.plus(TICK), end)) {
                clock.awaitElapsed(t);
                if (haltRequested) {
                    return EndReason.HALTED;
                }
                boolean lastTick = t.equals(end);
                if (t.compareTo(windowStart.plus(window)) >= 0 || (lastTick && t.compareTo(windowStart) > 0)) {
                    long skipped = traffic.skipped();
                    WindowClosed closed = windows.close(windowIndex++, windowStart, t, skipped - skippedBefore);
                    skippedBefore = skipped;
                    timeline.append(t, closed);
                    lastWindow = Optional.of(closed);
                    windowStart = t;
                }
                faults.revertExpired(t);
                while (!pending.isEmpty() && pending.getFirst().at().compareTo(t) <= 0) {
                    faults.inject(pending.removeFirst(), t);
                }
                if (healthCheck != null && healthCheck.isDone()) {
                    for (HealthChange change : healthCheck.join()) {
                        timeline.append(t, new InstanceHealthChanged(change.instanceId(), change.healthy()));
                    }
                    healthCheck = null;
                }
                if (healthCheck == null && t.compareTo(nextHealthCheck) >= 0) {
                    healthCheck = CompletableFuture.supplyAsync(shop::checkHealth, background);
                    nextHealthCheck = nextHealthCheck.plus(interval);
                }
                for (AlertChanged change : alerts.evaluate(t, readings(shop, lastWindow))) {
                    timeline.append(t, change);
                    sendNotifications(t, change);
                }
                listener.onTick(new DrillProgress(t, end, state(), windows.totalScore(), lastWindow,
                        faults.activeIds(), alerts.firing()));
                if (lastTick) {
                    return EndReason.COMPLETED;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return EndReason.HALTED;
        }
    }

    private static MetricReadings readings(Shop shop, Optional<WindowClosed> lastWindow) {
        Map<String, Double> cpu = new LinkedHashMap<>();
        for (InstanceStatus status : shop.status()) {
            cpu.put(status.id(), status.running() ? status.cpuPercent() : 0.0);
        }
        return new MetricReadings(cpu, shop.instancesInRotation(),
                lastWindow.map(w -> OptionalDouble.of(w.availability())).orElse(OptionalDouble.empty()),
                lastWindow.filter(w -> w.requests() > w.failed())
                        .map(w -> OptionalDouble.of(w.p99Millis())).orElse(OptionalDouble.empty()));
    }

    private void sendNotifications(Duration at, AlertChanged change) {
        if (change.state() != AlertState.FIRING && change.state() != AlertState.RESOLVED) {
            return;
        }
        for (Notifier notifier : notifiers) {
            notifications.add(CompletableFuture.runAsync(
                    () -> timeline.append(clock.elapsed(), notifier.send(scenario.name(), at, change)), background));
        }
    }

    private EndReason finish(EndReason reason, String detail, Duration now) {
        if (faults != null) {
            faults.revertAll(reason == EndReason.HALTED ? RevertReason.HALT : RevertReason.DRILL_ENDED, now);
        }
        awaitNotifications();
        clock.stop();
        synchronized (this) {
            state = state.moveTo(DrillState.ENDED);
        }
        timeline.append(now, new DrillEnded(reason, detail));
        return reason;
    }

    private void awaitNotifications() {
        try {
            CompletableFuture.allOf(notifications.toArray(CompletableFuture[]::new))
                    .get(NOTIFICATION_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            // a notification still hanging after the grace period is not worth holding the drill for
        }
    }

    /** Stops drill time; traffic and fault time limits stand still until {@link #resume()}. */
    public synchronized void pause() {
        state = state.moveTo(DrillState.PAUSED);
        clock.pause();
        timeline.append(clock.elapsed(), new DrillPaused());
    }

    public synchronized void resume() {
        state = state.moveTo(DrillState.RUNNING);
        timeline.append(clock.elapsed(), new DrillResumed());
        clock.resume();
    }

    /**
     * Reverts every fault at once and ends the drill: the drill clock stops, which wakes the drill
     * loop without interrupting it (an interrupt could break a database write). Safe to call from
     * any thread (a signal handler, a shutdown hook) and more than once.
     */
    public void halt() {
        haltRequested = true;
        FaultSupervisor supervisor = faults;
        if (supervisor != null) {
            supervisor.revertAll(RevertReason.HALT, clock.elapsed());
        }
        clock.stop();
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
