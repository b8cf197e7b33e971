package dev.kunren.engine.drill;

import dev.kunren.engine.alert.AlertEvaluator;
import dev.kunren.engine.alert.MetricReadings;
import dev.kunren.engine.clock.DrillClock;
import dev.kunren.engine.fault.FaultCatalog;
import dev.kunren.engine.fault.FaultSpec;
import dev.kunren.engine.fault.FaultSupervisor;
import dev.kunren.engine.fault.internal.FleetPick;
import dev.kunren.engine.scenario.Environment;
import dev.kunren.engine.scenario.Scenario;
import dev.kunren.engine.scoring.SliWindows;
import dev.kunren.engine.timeline.TimelineEvent.AlertChanged;
import dev.kunren.engine.timeline.TimelineEvent.ConsoleOperation;
import dev.kunren.engine.timeline.TimelineEvent.DatabaseFailedOver;
import dev.kunren.engine.timeline.TimelineEvent.FaultInjectionFailed;
import dev.kunren.engine.timeline.TimelineEvent.InstanceHealthChanged;
import dev.kunren.engine.timeline.TimelineEvent.MetricsSampled;
import dev.kunren.engine.timeline.TimelineEvent.RecurrenceEnded;
import dev.kunren.engine.timeline.TimelineEvent.TrafficStarted;
import dev.kunren.engine.timeline.TimelineEvent.WindowClosed;
import dev.kunren.engine.timeline.TimelineWriter;
import dev.kunren.engine.traffic.TrafficGenerator;
import dev.kunren.shop.InstanceStatus;
import dev.kunren.shop.Shop;
import dev.kunren.shop.balancer.HealthChange;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;

/**
 * One team's practice system in a drill: its own environment, customers, SLI windows, alert rules
 * and faults, moved forward one drill second at a time by its {@link TeamRun}.
 */
final class SystemRun implements TeamSystem {

    final Shop shop;
    final TrafficGenerator traffic;
    final SliWindows windows;
    final AlertEvaluator alerts;
    final FaultSupervisor faults;
    private final Scenario scenario;
    private final DrillClock clock;
    private final TimelineWriter timeline;
    private final ExecutorService background;
    private final Random random;
    private final List<FaultSpec> pending;
    private final java.util.Queue<FaultSpec> injectNow = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final Duration healthInterval;
    private Duration nextHealthCheck;
    private CompletableFuture<List<HealthChange>> healthCheck;
    private final WindowCloser windowCloser;
    private volatile Duration tickTime;
    private final String team;
    /** While the drill is rebuilt after a crash: what the environment does is on the timeline already. */
    private volatile boolean rebuilding;
    private ShopRebuild rebuild;

    private SystemRun(String team, Scenario scenario, Environment environment, DrillClock clock, TimelineWriter timeline,
                      ExecutorService background, long seed, List<FaultSpec> injects) throws IOException {
        this.team = team;
        this.scenario = scenario;
        this.clock = clock;
        this.timeline = timeline;
        this.background = background;
        this.random = new Random(seed);
        this.windows = new SliWindows(scenario.scoring(), scenario.steadyState());
        this.windowCloser = new WindowCloser(windows, scenario.steadyState().window());
        this.alerts = new AlertEvaluator(scenario.alerts());
        this.shop = Shop.start(environment.shopConfig(), clock, random.nextLong());
        try {
            this.traffic = new TrafficGenerator(shop.uri(), scenario.traffic(), clock, random.nextLong(), windows::record);
        } catch (RuntimeException e) {
            shop.close();
            throw e;
        }
        this.faults = new FaultSupervisor(timeline, new FaultCatalog(shop, traffic, new Random(random.nextLong()))::create,
                scenario.duration());
        this.pending = new ArrayList<>(injects.stream().filter(i -> i.hits(team)).toList());
        this.healthInterval = environment.healthCheckInterval();
        this.nextHealthCheck = healthInterval;
        shop.audit().onEntry(e -> {
            if (!rebuilding) {
                timeline.append(now(), new ConsoleOperation(e.actor(), e.source(), e.operation(), e.resource(), e.parameters(),
                        e.success(), e.result()));
            }
        });
        shop.onFailover(f -> {
            if (!rebuilding) {
                timeline.append(now(), new DatabaseFailedOver(f.from(), f.to(), f.lostWrites(), f.lostOrders(), f.rpo(), f.automatic()));
            }
        });
    }

    static SystemRun start(String team, Scenario scenario, Environment environment, DrillClock clock, TimelineWriter timeline,
                           ExecutorService background, long seed, List<FaultSpec> injects) throws IOException {
        return new SystemRun(team, scenario, environment, clock, timeline, background, seed, injects);
    }

    @Override
    public Optional<Shop> shop() {
        return Optional.of(shop);
    }

    @Override
    public void warmUp(boolean first, Duration budget) {
        if (first) {
            traffic.warmUp(2_000, 16, budget);
        } else {
            traffic.warmUp(50, 4, Duration.ofMillis(200));
        }
        shop.forgetLoad();
    }

    @Override
    public void stopTraffic() {
        traffic.stop();
    }

    @Override
    public void revertAll(dev.kunren.engine.timeline.TimelineEvent.RevertReason reason, Duration now) {
        faults.revertAll(reason, now);
    }

    @Override
    public double score() {
        return windows.totalScore();
    }

    @Override
    public List<String> activeFaults() {
        return faults.activeIds();
    }

    @Override
    public List<String> firingAlerts() {
        return alerts.firing();
    }

    @Override
    public void startTraffic(boolean first) {
        if (first) {
            traffic.onFirstRequest(() -> timeline.append(clock.elapsed(), new TrafficStarted(scenario.traffic().ratePerSecond())));
        }
        traffic.start();
    }

    /**
     * When something the environment did is recorded: at the tick's time while the drill loop
     * works (a fault's own operations belong to the moment of its inject), else the clock's.
     */
    private Duration now() {
        Duration tick = tickTime;
        return tick != null ? tick : clock.elapsed();
    }

    /** One drill second: close a due window, end and inject faults, health checks, the environment, alerts. */
    @Override
    public List<AlertChanged> tick(Duration t, boolean lastTick) {
        tickTime = t;
        try {
            return tickAt(t, lastTick);
        } finally {
            tickTime = null;
        }
    }

    private List<AlertChanged> tickAt(Duration t, boolean lastTick) {
        windowCloser.closeIfDue(t, lastTick, traffic.skipped()).ifPresent(closed -> {
            timeline.append(t, closed);
            timeline.append(t, new MetricsSampled(shop.console().view().gauges()));
        });
        faults.tick(t);
        while (!pending.isEmpty() && pending.getFirst().at().compareTo(t) <= 0) {
            inject(pending.removeFirst(), t);
        }
        for (FaultSpec spec = injectNow.poll(); spec != null; spec = injectNow.poll()) {
            inject(spec.at(spec.id(), t), t);
        }
        if (healthCheck != null && healthCheck.isDone()) {
            for (HealthChange change : healthCheck.join()) {
                timeline.append(t, new InstanceHealthChanged(change.instanceId(), change.healthy()));
            }
            healthCheck = null;
        }
        if (healthCheck == null && t.compareTo(nextHealthCheck) >= 0) {
            healthCheck = CompletableFuture.supplyAsync(shop::checkHealth, background);
            nextHealthCheck = nextHealthCheck.plus(healthInterval);
        }
        shop.tick(t);
        List<AlertChanged> changes = alerts.evaluate(t, readings());
        changes.forEach(change -> timeline.append(t, change));
        return changes;
    }

    private void inject(FaultSpec spec, Duration t) {
        boolean recurrence = spec.id().contains("#");
        if (recurrence && spec.recur().isPresent() && spec.recur().get().until().enabledIn(shop)) {
            timeline.append(t, new RecurrenceEnded(spec.id().replaceFirst("#\\d+$", ""),
                    spec.recur().get().until().key() + " is on"));
            return;
        }
        FaultSpec resolved = spec;
        if (spec.target().filter(FaultSpec.RANDOM_TARGET::equals).isPresent()) {
            try {
                resolved = spec.on(FleetPick.runningInstance(shop, random));
            } catch (IllegalStateException e) {
                timeline.append(t, new FaultInjectionFailed(spec.id(), spec.type().key(), e.getMessage()));
                scheduleRecurrence(spec, t);
                return;
            }
        }
        faults.inject(resolved, t);
        scheduleRecurrence(spec, t);
    }

    /** A recurring threat comes back after its period unless the team has made recovery automatic by then. */
    private void scheduleRecurrence(FaultSpec spec, Duration t) {
        spec.recur().ifPresent(recur -> {
            Duration next = t.plus(recur.every());
            if (next.compareTo(scenario.duration()) >= 0) {
                return;
            }
            String baseId = spec.id().replaceFirst("#\\d+$", "");
            int occurrence = spec.id().contains("#") ? Integer.parseInt(spec.id().substring(spec.id().lastIndexOf('#') + 1)) + 1 : 2;
            pending.add(spec.at(baseId + "#" + occurrence, next));
            pending.sort(Comparator.comparing(FaultSpec::at));
        });
    }

    /** Queues a fault to inject at the next tick (a facilitator's "inject now"). */
    @Override
    public void injectSoon(FaultSpec spec) {
        injectNow.add(spec);
    }

    @Override
    public List<Step> beginRebuild(TeamRecord recorded, Restoration restoration) {
        rebuilding = true;
        rebuild = new ShopRebuild(team, shop, faults, recorded, restoration, scenario.duration());
        return rebuild.teamSteps();
    }

    @Override
    public void rebuildTick(Duration t) {
        rebuild.faultsAt(t);
        if (t.compareTo(nextHealthCheck) >= 0) {
            shop.checkHealth();
            nextHealthCheck = nextHealthCheck.plus(healthInterval);
        }
        shop.tick(t);
    }

    @Override
    public void endRebuild(Duration stoppedAt) {
        TeamRecord recorded = rebuild.recorded();
        recorded.restoreSignals(windowCloser, alerts);
        recorded.takeUpPending(pending, stoppedAt, this::scheduleRecurrence);
        rebuild.finish();
        rebuild = null;
        rebuilding = false;
    }

    private MetricReadings readings() {
        Map<String, Double> cpu = new LinkedHashMap<>();
        for (InstanceStatus status : shop.status()) {
            cpu.put(status.id(), status.running() ? status.cpuPercent() : 0.0);
        }
        return new MetricReadings(cpu, shop.instancesInRotation(), windowCloser.availability(), windowCloser.p99Millis(),
                shop.console().view().gauges());
    }

    @Override
    public Optional<WindowClosed> lastWindow() {
        return windowCloser.last();
    }

    @Override
    public void close() {
        traffic.close();
        shop.close();
    }
}
