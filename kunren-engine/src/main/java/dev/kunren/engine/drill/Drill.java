package dev.kunren.engine.drill;

import dev.kunren.engine.KunrenException;
import dev.kunren.engine.alert.Notifier;
import dev.kunren.engine.clock.DrillClock;
import dev.kunren.engine.external.ExternalAlerts;
import dev.kunren.engine.external.OwnSystems;
import dev.kunren.engine.fault.FaultSpec;
import dev.kunren.engine.oncall.OnCall;
import dev.kunren.engine.oncall.PageDelivery;
import dev.kunren.engine.scenario.MessageSpec;
import dev.kunren.engine.scenario.Scenario;
import dev.kunren.engine.timeline.EventRecord;
import dev.kunren.engine.timeline.Timeline;
import dev.kunren.engine.timeline.TimelineEvent;
import dev.kunren.engine.timeline.TimelineEvent.AlertChanged;
import dev.kunren.engine.timeline.TimelineEvent.AlertState;
import dev.kunren.engine.timeline.TimelineEvent.DrillEnded;
import dev.kunren.engine.timeline.TimelineEvent.DrillPaused;
import dev.kunren.engine.timeline.TimelineEvent.DrillResumed;
import dev.kunren.engine.timeline.TimelineEvent.DrillStarted;
import dev.kunren.engine.timeline.TimelineEvent.EndReason;
import dev.kunren.engine.timeline.TimelineEvent.PageDelivered;
import dev.kunren.engine.timeline.TimelineEvent.PageSent;
import dev.kunren.engine.timeline.TimelineEvent.RevertReason;
import dev.kunren.shop.Shop;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * One run of a scenario, on a drill clock, against one practice environment per team.
 *
 * <p>The drill loop wakes once per drill second and, for each team in turn and in this order,
 * closes an SLI window when one is due (so a window never counts a fault injected at its end),
 * ends fixed and expired faults, injects due ones, applies health-check results, moves the
 * environment (boots, scaling, replication), evaluates the alert rules, delivers due messages,
 * judges the team's expectations and reports progress. A tabletop scenario has no environment:
 * its teams get messages and expectations only.
 * Customer traffic runs beside it on its own threads. Every fact goes to the {@link Timeline},
 * tagged with its team.
 */
public final class Drill {

    /** The team of a drill run without naming teams, as {@code kunren run} does by default. */
    public static final String DEFAULT_TEAM = "team-1";
    static final Duration TICK = Duration.ofSeconds(1);
    private static final Duration NOTIFICATION_GRACE = Duration.ofSeconds(5);

    private final Scenario scenario;
    private final DrillClock clock;
    private final Timeline timeline;
    private final long seed;
    private final List<String> teams;
    private final List<Notifier> notifiers;
    private final DrillListener listener;
    private final ExecutorService background = Executors.newVirtualThreadPerTaskExecutor();
    /** Notifications and page deliveries under way: added from the drill's thread and from appending threads. */
    private final List<CompletableFuture<?>> notifications = java.util.Collections.synchronizedList(new ArrayList<>());
    private volatile PageDelivery pageDelivery = PageDelivery.NONE;
    private final Map<String, TeamRun> runs = new ConcurrentHashMap<>();
    private final Optional<OwnSystems> own;
    private final Map<String, ExternalAlerts> externalAlerts = new ConcurrentHashMap<>();
    private DrillState state = DrillState.CREATED;
    private volatile boolean haltRequested;
    private volatile boolean endRequested;
    private volatile boolean environmentsReady;
    private volatile boolean resumeAtOnce;
    private Restoration restoration;

    public Drill(Scenario scenario, DrillClock clock, Timeline timeline, long seed, List<Notifier> notifiers,
                 DrillListener listener) {
        this(scenario, clock, timeline, seed, List.of(DEFAULT_TEAM), notifiers, listener);
    }

    public Drill(Scenario scenario, DrillClock clock, Timeline timeline, long seed, List<String> teams,
                 List<Notifier> notifiers, DrillListener listener) {
        if (teams.isEmpty() || teams.stream().distinct().count() != teams.size()) {
            throw new IllegalArgumentException("a drill needs one or more teams with distinct names, not " + teams);
        }
        this.scenario = scenario;
        this.clock = clock;
        this.timeline = timeline;
        this.seed = seed;
        this.teams = List.copyOf(teams);
        this.notifiers = List.copyOf(notifiers);
        this.listener = listener;
        if (scenario.external().isPresent() && teams.size() != 1) {
            throw new IllegalArgumentException("a drill on a team's own systems has one team, not " + teams.size()
                    + ": its services, probes and agents are that team's");
        }
        this.own = scenario.external().map(environment -> new OwnSystems(environment, timeline.forTeam(teams.getFirst()), clock));
        teams.forEach(team -> externalAlerts.put(team, new ExternalAlerts()));
    }

    /**
     * The team's own systems' side of the drill that agents and the team's monitoring reach; empty
     * for the practice shop and tabletop drills. It exists before the drill starts, so agents can
     * connect and wait.
     */
    public Optional<OwnSystems> ownSystems() {
        return own;
    }

    /**
     * Records alerts a team's own monitoring posted (Alertmanager, Grafana, Mackerel…), on that
     * team's timeline, whatever the drill runs on; returns the state changes they made (a repeat
     * makes none).
     *
     * @throws IllegalArgumentException for a team not in the drill
     */
    public List<AlertChanged> receiveAlerts(String team, String source, List<ExternalAlerts.Incoming> alerts) {
        ExternalAlerts teamAlerts = externalAlerts.get(team);
        if (teamAlerts == null) {
            throw new IllegalArgumentException("no team " + team + " in this drill; teams are " + String.join(", ", teams));
        }
        synchronized (teamAlerts) {
            List<AlertChanged> changes = teamAlerts.receive(source, alerts);
            changes.forEach(change -> timeline.append(team, clock.elapsed(), change));
            return changes;
        }
    }

    public synchronized DrillState state() {
        return state;
    }

    public List<String> teams() {
        return teams;
    }

    /**
     * The console of a team's environment, once the drill has started it; empty before and for
     * an unknown team.
     */
    public Optional<Shop> environment(String team) {
        return environmentsReady ? Optional.ofNullable(runs.get(team)).flatMap(TeamRun::shop) : Optional.empty();
    }

    /** Whether every team's environment serves (at once, for a tabletop scenario): the drill's clock is running. */
    public boolean ready() {
        return environmentsReady;
    }

    /** Runs the drill to its end on the calling thread and says how it ended. */
    public EndReason run() {
        return run(null);
    }

    /**
     * Takes back a drill whose process stopped before it ended, on the same timeline, and runs it
     * to its end on the calling thread. Each team's environment is rebuilt from the timeline (the
     * faults begin and end where it says, what the team did through its console is done again);
     * alerts, windows, pages, expectations and messages go on from where it leaves them. The drill
     * comes back paused at {@link DrillHistory#stoppedAt()}, with a {@code drill-restored} event,
     * for the facilitator to {@link #resume()} — or, with {@code resumeAtOnce} (the facilitator
     * asked for it already, as {@code kunren run --resume} does), running again at once.
     */
    public EndReason continueFrom(DrillHistory history, boolean resumeAtOnce) {
        this.resumeAtOnce = resumeAtOnce;
        return run(history);
    }

    private EndReason run(DrillHistory history) {
        synchronized (this) {
            state = state.moveTo(DrillState.RUNNING);
        }
        Random random = new Random(seed);
        List<FaultSpec> injects = resolveWindows(new Random(random.nextLong()));
        AutoCloseable observing = timeline.subscribe(this::observe);
        try {
            for (String team : teams) {
                runs.put(team, TeamRun.start(team, scenario, clock, timeline.forTeam(team), background, teamSeed(team), injects, own));
            }
            Duration from = Duration.ZERO;
            if (history == null) {
                warmUp();
                environmentsReady = true;
                timeline.append(Duration.ZERO, started(runs.get(teams.getFirst()).shop()));
                scenario.postmortem().ifPresent(expected -> timeline.append(Duration.ZERO, expected));
                if (!scenario.rubric().isEmpty()) {
                    timeline.append(Duration.ZERO, new TimelineEvent.RubricSet(scenario.rubric()));
                }
                clock.resume();
            } else {
                rebuild(history);
                from = history.stoppedAt();
                timeline.append(from, restoration.event());
                synchronized (this) {
                    // the facilitator may have paused it while it was rebuilt, or ended it (the loop then ends it at once)
                    if (state == DrillState.RUNNING && !haltRequested && !endRequested) {
                        state = state.moveTo(DrillState.PAUSED);
                    }
                }
                environmentsReady = true;
                if (resumeAtOnce && state() == DrillState.PAUSED) {
                    resume();
                }
            }
            boolean first = history == null;
            runs.values().forEach(run -> run.startTraffic(first));
            EndReason reason = loop(from);
            runs.values().forEach(TeamRun::stopTraffic);
            Duration endedAt = reason == EndReason.COMPLETED ? scenario.duration() : max(clock.elapsed(), from);
            return finish(reason, switch (reason) {
                case HALTED -> "halted";
                case ENDED_EARLY -> "ended early by the facilitator";
                default -> "ran its course";
            }, endedAt);
        } catch (IOException e) {
            String problem = "the practice environment could not start: " + e.getMessage();
            finish(EndReason.FAILED, problem, clock.elapsed());
            throw new KunrenException(problem, e);
        } catch (RuntimeException e) {
            finish(EndReason.FAILED, String.valueOf(e.getMessage()), clock.elapsed());
            throw e;
        } finally {
            environmentsReady = false;
            runs.values().forEach(TeamRun::close);
            background.shutdownNow();
            close(observing);
        }
    }

    /**
     * Rebuilds every team's part of the drill, all on the one clock (held paused and moved forward
     * to each recorded time): at each drill second, first what the teams did before it, then the
     * second itself. A halt or an end meanwhile cuts the shops' rebuild short; the rest of the
     * drill's state is still taken from the timeline, so that ending it judges nothing twice.
     */
    private void rebuild(DrillHistory history) {
        clock.pause();
        restoration = new Restoration(teams.size() > 1);
        List<Step> steps = new ArrayList<>();
        for (String team : teams) {
            steps.addAll(runs.get(team).beginRebuild(history.team(team), restoration));
        }
        steps.sort(java.util.Comparator.comparing(Step::at));
        Duration stop = history.stoppedAt();
        replay(steps, stop);
        for (String team : teams) {
            runs.get(team).endRebuild(stop);
        }
    }

    private void replay(List<Step> steps, Duration stop) {
        int next = 0;
        for (Duration t = Duration.ZERO; t.compareTo(stop) <= 0; t = t.plus(TICK)) {
            for (; next < steps.size() && steps.get(next).at().compareTo(t) < 0; next++) {
                if (!perform(steps.get(next))) {
                    return;
                }
            }
            if (!jumpTo(t)) {
                return;
            }
            for (String team : teams) {
                runs.get(team).rebuildTick(t);
            }
        }
        for (; next < steps.size(); next++) {
            if (!perform(steps.get(next))) {
                return;
            }
        }
        jumpTo(stop);
    }

    private boolean perform(Step step) {
        if (step.at().compareTo(clock.elapsed()) > 0 && !jumpTo(step.at())) {
            return false;
        }
        step.perform().run();
        return true;
    }

    /** Moves the paused clock on while the drill is rebuilt; false once a halt or an end has let it go. */
    private boolean jumpTo(Duration t) {
        if (haltRequested || endRequested) {
            return false;
        }
        try {
            clock.jumpTo(t);
            return true;
        } catch (IllegalStateException released) {
            if (haltRequested || endRequested) {
                return false;
            }
            throw released;
        }
    }

    /** How pages reach people outside Kunren (webhooks, e-mail); set before the drill runs. Without it, pages show only in Kunren. */
    public void deliverPagesWith(PageDelivery delivery) {
        this.pageDelivery = delivery;
    }

    /** Hands each team's events to its run, which judges its expectations and pages on them; sends each page out. */
    private void observe(EventRecord record) {
        TeamRun run = runs.get(record.team());
        if (run != null) {
            run.observe(record);
        }
        if (record.event() instanceof PageSent page) {
            deliver(record.team(), page);
        }
    }

    /**
     * A page reaches its person on the team's console at once, and by their webhook and e-mail in
     * the background; an unavailable person's page reaches nobody, and the facilitator's shows on
     * the facilitator's console.
     */
    private void deliver(String team, PageSent page) {
        OnCall onCall = scenario.oncall().orElseThrow();
        Optional<String> away = onCall.whyUnavailable(page.person());
        if (away.isPresent()) {
            timeline.append(team, clock.elapsed(), new PageDelivered(page.pageId(), page.person(), "any", false,
                    page.person() + " is unavailable in this drill: " + away.get()));
            return;
        }
        boolean facilitator = page.person().equals(OnCall.FACILITATOR);
        timeline.append(team, clock.elapsed(), new PageDelivered(page.pageId(), page.person(), "console", true,
                facilitator ? "on the facilitator's console" : "on the team's console"));
        onCall.person(page.person()).ifPresent(person -> notifications.add(CompletableFuture.runAsync(
                () -> pageDelivery.deliver(timeline.drillId(), team, page, person)
                        .forEach(outcome -> timeline.append(team, clock.elapsed(), outcome)), background)));
    }

    private static void close(AutoCloseable subscription) {
        try {
            subscription.close();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A team's own seed depends on the drill's seed and the team's name only, so a team meets the
     * same customers and the same random faults whoever else is in the drill.
     */
    private long teamSeed(String team) {
        long h = seed;
        for (char c : team.toCharArray()) {
            h = h * 31 + c;
        }
        return new Random(h).nextLong();
    }

    /** Random inject windows get one time for the whole drill, so every team meets the same threat at the same moment. */
    private List<FaultSpec> resolveWindows(Random random) {
        List<FaultSpec> resolved = new ArrayList<>();
        for (FaultSpec spec : scenario.injects()) {
            resolved.add(spec.latestAt().map(latest -> {
                long span = latest.minus(spec.at()).toSeconds();
                return spec.at(spec.id(), spec.at().plusSeconds(span <= 0 ? 0 : random.nextLong(span + 1)));
            }).orElse(spec));
        }
        resolved.sort(java.util.Comparator.comparing(FaultSpec::at));
        return resolved;
    }

    /**
     * Warms every environment with unscored requests before the clock starts: the first fully
     * (the JIT is shared), the others only enough to open their connections.
     */
    private void warmUp() {
        boolean first = true;
        for (TeamRun run : runs.values()) {
            run.warmUp(first, warmUpBudget(clock.speed()));
            first = false;
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

    private DrillStarted started(Optional<Shop> shop) {
        return new DrillStarted(scenario.name(), scenario.title(), clock.speed(), seed, scenario.duration(),
                scenario.steadyState().availability(), scenario.steadyState().latencyP99(),
                scenario.steadyState().window(), shop.map(Shop::instanceIds).orElse(List.of()), teams, scenario.titles(),
                scenario.tabletop() ? "none" : scenario.external().isPresent() ? "external" : "shop");
    }

    /**
     * Ticks every drill second from {@code from} (the first whole second after it, for a drill taken
     * back: the second it stopped in may have been done in part, and is not done twice).
     */
    private EndReason loop(Duration from) {
        Duration end = scenario.duration();
        Duration first = from.isZero() ? from : min(Duration.ofSeconds(from.toSeconds()).plus(TICK), end);
        try {
            for (Duration t = first; ; t = min(t.plus(TICK), end)) {
                clock.awaitElapsed(t);
                if (haltRequested) {
                    return EndReason.HALTED;
                }
                if (endRequested) {
                    return EndReason.ENDED_EARLY;
                }
                boolean lastTick = t.equals(end);
                for (String team : teams) {
                    TeamRun run = runs.get(team);
                    for (AlertChanged change : run.tick(t, lastTick)) {
                        sendNotifications(team, t, change);
                    }
                    listener.onTick(run.progress(t, state(), externalAlerts.get(team).firing()));
                }
                if (lastTick) {
                    return EndReason.COMPLETED;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return EndReason.HALTED;
        }
    }

    private void sendNotifications(String team, Duration at, AlertChanged change) {
        if (change.state() != AlertState.FIRING && change.state() != AlertState.RESOLVED) {
            return;
        }
        String label = teams.size() == 1 ? scenario.name() : scenario.name() + " / " + team;
        for (Notifier notifier : notifiers) {
            notifications.add(CompletableFuture.runAsync(
                    () -> timeline.append(team, clock.elapsed(), notifier.send(label, at, change)), background));
        }
    }

    private EndReason finish(EndReason reason, String detail, Duration now) {
        revertAll(reason == EndReason.HALTED ? RevertReason.HALT : RevertReason.DRILL_ENDED, now);
        if (reason != EndReason.HALTED) {
            runs.values().forEach(run -> run.finish(now));  // an emergency stop judges nobody on what it cut short
        }
        awaitNotifications();
        clock.stop();
        synchronized (this) {
            if (state == DrillState.ENDED) {
                return reason;  // a failure while finishing ends up here a second time
            }
            state = state.moveTo(DrillState.ENDED);
        }
        timeline.append(now, new DrillEnded(reason, detail));
        return reason;
    }

    private void revertAll(RevertReason reason, Duration now) {
        for (TeamRun run : runs.values()) {
            run.revertAll(reason, now);
        }
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
     * Ends the drill at the next drill second, as if it had run its course (faults are reverted as
     * at the end). Unlike {@link #halt()} it is not an emergency stop.
     */
    public void end() {
        endRequested = true;
        clock.resume();
    }

    /**
     * Injects a fault into one team's environment at the next drill second (the facilitator's
     * "inject now"); an unknown team, or a drill not running, is refused.
     */
    public void injectNow(String team, FaultSpec spec) {
        TeamRun run = runs.get(team);
        if (run == null || !environmentsReady) {
            throw new IllegalStateException("team " + team + " has no running environment");
        }
        run.injectSoon(spec);
    }

    /** Delivers a message to one team at the next drill second (a facilitator improvising a call). */
    public void sendNow(String team, MessageSpec message) {
        TeamRun run = runs.get(team);
        if (run == null || !environmentsReady) {
            throw new IllegalStateException("team " + team + " is not in a running drill");
        }
        run.sendSoon(message);
    }

    /**
     * Reverts every fault of every team at once and ends the drill: the drill clock stops, which
     * wakes the drill loop without interrupting it (an interrupt could break a database write).
     * Safe to call from any thread (a signal handler, a shutdown hook) and more than once.
     */
    public void halt() {
        haltRequested = true;
        revertAll(RevertReason.HALT, clock.elapsed());
        clock.stop();
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
