package dev.kunren.engine.drill;

import dev.kunren.engine.alert.AlertEvaluator;
import dev.kunren.engine.alert.AlertRule;
import dev.kunren.engine.alert.Metric;
import dev.kunren.engine.alert.MetricReadings;
import dev.kunren.engine.clock.DrillClock;
import dev.kunren.engine.external.OwnSystems;
import dev.kunren.engine.external.OwnSystemsRuntime;
import dev.kunren.engine.fault.FaultSpec;
import dev.kunren.engine.fault.FaultSupervisor;
import dev.kunren.engine.scenario.ExternalEnvironment;
import dev.kunren.engine.scenario.Scenario;
import dev.kunren.engine.scoring.SliWindows;
import dev.kunren.engine.timeline.TimelineEvent.AlertChanged;
import dev.kunren.engine.timeline.TimelineEvent.AlertState;
import dev.kunren.engine.timeline.TimelineEvent.FaultInjected;
import dev.kunren.engine.timeline.TimelineEvent.FaultReverted;
import dev.kunren.engine.timeline.TimelineEvent.InjectSkipped;
import dev.kunren.engine.timeline.TimelineEvent.RevertReason;
import dev.kunren.engine.timeline.TimelineEvent.StopConditionTripped;
import dev.kunren.engine.timeline.TimelineEvent.TrafficStarted;
import dev.kunren.engine.timeline.TimelineEvent.WindowClosed;
import dev.kunren.engine.timeline.TimelineWriter;
import dev.kunren.shop.Shop;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;

/**
 * A team's drill on its own systems: Kunren's proxies in front of its services, probes for
 * customers, its agents for faults on hosts, its Prometheus for PromQL rules and its monitoring
 * for alerts — and stop conditions that halt every fault when the service suffers more than the
 * drill should allow. Moved one drill second at a time by its {@link TeamRun}, like the shop.
 */
final class ExternalSystemRun implements TeamSystem {

    /** How long a halt or the drill's end waits for agents to report their reverts; within a halt's second, mostly. */
    private static final Duration AGENT_REVERT_WAIT = Duration.ofSeconds(2);

    private final Scenario scenario;
    private final TimelineWriter timeline;
    private final DrillClock clock;
    private final OwnSystems own;
    private final OwnSystemsRuntime runtime;
    private final SliWindows windows;
    private final AlertEvaluator alerts;
    private final AlertEvaluator stopConditions;
    private final FaultSupervisor faults;
    private final List<FaultSpec> pending;
    private final Queue<FaultSpec> injectNow = new ConcurrentLinkedQueue<>();
    private final WindowCloser windowCloser;
    private volatile boolean stopped;
    private final String team;
    private TeamRecord recorded;
    private Restoration restoration;

    private ExternalSystemRun(String team, Scenario scenario, OwnSystems own, DrillClock clock, TimelineWriter timeline,
                              ExecutorService background, long seed, List<FaultSpec> injects) throws IOException {
        this.team = team;
        this.scenario = scenario;
        this.timeline = timeline;
        this.clock = clock;
        this.own = own;
        this.windows = new SliWindows(scenario.scoring(), scenario.steadyState());
        this.windowCloser = new WindowCloser(windows, scenario.steadyState().window());
        this.alerts = new AlertEvaluator(scenario.alerts());
        this.stopConditions = new AlertEvaluator(scenario.stopConditions());
        List<AlertRule> queried = new ArrayList<>(scenario.alerts());
        queried.addAll(scenario.stopConditions());
        this.runtime = OwnSystemsRuntime.start(own, queried.stream().filter(r -> r.metric() == Metric.PROMQL).toList(),
                clock, background, seed, windows::record);
        this.faults = new FaultSupervisor(timeline, runtime.faultCatalog(scenario.duration()), scenario.duration());
        this.pending = new ArrayList<>(injects.stream().filter(i -> i.hits(team)).toList());
    }

    static ExternalSystemRun start(String team, Scenario scenario, ExternalEnvironment environment, OwnSystems own, DrillClock clock,
                                   TimelineWriter timeline, ExecutorService background, long seed, List<FaultSpec> injects)
            throws IOException {
        return new ExternalSystemRun(team, scenario, own, clock, timeline, background, seed, injects);
    }

    @Override
    public Optional<Shop> shop() {
        return Optional.empty();
    }

    @Override
    public void warmUp(boolean first, Duration budget) {
        // the team's services are warm already; Kunren's probes do not add unscored load to them
    }

    @Override
    public void startTraffic(boolean first) {
        if (first) {
            runtime.onFirstProbe(() -> timeline.append(clock.elapsed(), new TrafficStarted(scenario.baseRatePerSecond())));
        }
        runtime.startProbes();
    }

    @Override
    public void stopTraffic() {
        runtime.stopProbes();
    }

    @Override
    public List<AlertChanged> tick(Duration t, boolean lastTick) {
        windowCloser.closeIfDue(t, lastTick, runtime.skipped()).ifPresent(closed -> timeline.append(t, closed));
        faults.tick(t);
        while (!pending.isEmpty() && pending.getFirst().at().compareTo(t) <= 0) {
            inject(pending.removeFirst(), t);
        }
        for (FaultSpec spec = injectNow.poll(); spec != null; spec = injectNow.poll()) {
            inject(spec.at(spec.id(), t), t);
        }
        own.agents().check();
        runtime.refreshQueries();
        MetricReadings readings = readings();
        for (AlertChanged trip : stopConditions.evaluate(t, readings)) {
            if (trip.state() == AlertState.FIRING && !stopped) {
                trip(trip, t);
            }
        }
        List<AlertChanged> changes = alerts.evaluate(t, readings);
        changes.forEach(change -> timeline.append(t, change));
        return changes;
    }

    /** A guard held: every fault is halted now, and none is injected for the rest of the drill. */
    private void trip(AlertChanged condition, Duration t) {
        stopped = true;
        timeline.append(t, new StopConditionTripped(condition.condition(), condition.value()));
        faults.revertAll(RevertReason.STOP_CONDITION, t);
        own.agents().revertEverything();
    }

    private void inject(FaultSpec spec, Duration t) {
        if (stopped) {
            timeline.append(t, new InjectSkipped(spec.id(), "a stop condition tripped: no more faults in this drill"));
            return;
        }
        faults.inject(spec, t);
    }

    private MetricReadings readings() {
        return new MetricReadings(Map.of(), 0, windowCloser.availability(), windowCloser.p99Millis(), Map.of(), runtime.queried());
    }

    @Override
    public void injectSoon(FaultSpec spec) {
        injectNow.add(spec);
    }

    /** Reverts every fault, and waits (at most {@link #AGENT_REVERT_WAIT}) for the agents to say they did. */
    @Override
    public void revertAll(RevertReason reason, Duration now) {
        faults.revertAll(reason, now);
        own.agents().revertEverything();
        try {
            own.agents().awaitReports(AGENT_REVERT_WAIT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Nothing of a team's own systems is rebuilt: what Kunren injected there (proxy toxics, agents'
     * faults) ended with the process that held it (agents revert on their own when it goes), and
     * is recorded as reverted when the drill is taken back.
     */
    @Override
    public List<Step> beginRebuild(TeamRecord recorded, Restoration restoration) {
        this.recorded = recorded;
        this.restoration = restoration;
        return List.of();
    }

    @Override
    public void rebuildTick(Duration t) {
        // see beginRebuild
    }

    @Override
    public void endRebuild(Duration stoppedAt) {
        recorded.restoreSignals(windowCloser, alerts);
        stopped = recorded.stopConditionTripped();
        Map<String, Duration> reverted = recorded.reverted();
        List<String> inFlight = recorded.injected().stream().map(r -> ((FaultInjected) r.event()).faultId())
                .filter(id -> !reverted.containsKey(id)).toList();
        inFlight.forEach(id -> timeline.append(stoppedAt, new FaultReverted(id, RevertReason.SHUTDOWN)));
        if (!inFlight.isEmpty()) {
            restoration.note(team, "faults " + String.join(", ", inFlight) + " on the team's own systems ended with the stopped process");
        }
        recorded.takeUpPending(pending, stoppedAt, (spec, at) -> { });  // no recurrences on a team's own systems
        own.agents().revertEverything();
    }

    @Override
    public double score() {
        return windows.totalScore();
    }

    @Override
    public Optional<WindowClosed> lastWindow() {
        return windowCloser.last();
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
    public void close() {
        runtime.close();
    }
}
