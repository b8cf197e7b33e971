package dev.kunren.engine.drill;

import dev.kunren.engine.clock.DrillClock;
import dev.kunren.engine.expectation.ExpectationTracker;
import dev.kunren.engine.external.OwnSystems;
import dev.kunren.engine.fault.FaultSpec;
import dev.kunren.engine.oncall.Pager;
import dev.kunren.engine.scenario.MessageSpec;
import dev.kunren.engine.scenario.Scenario;
import dev.kunren.engine.timeline.EventRecord;
import dev.kunren.engine.timeline.TimelineEvent.AlertChanged;
import dev.kunren.engine.timeline.TimelineEvent.MessageDelivered;
import dev.kunren.engine.timeline.TimelineEvent.RevertReason;
import dev.kunren.engine.timeline.TimelineWriter;
import dev.kunren.shop.Shop;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;

/**
 * One team in a drill: its practice system (none in a tabletop scenario), the messages that reach
 * it and the expectations it is judged on, moved forward one drill second at a time by
 * {@link Drill}. Teams share nothing but the clock.
 */
final class TeamRun implements AutoCloseable {

    final String team;
    private final Scenario scenario;
    private final TimelineWriter timeline;
    private final Optional<TeamSystem> system;
    private final Queue<MessageSpec> messages;
    private final Queue<MessageSpec> sendNow = new ConcurrentLinkedQueue<>();
    private final ExpectationTracker expectations;
    private final Optional<Pager> pager;
    private TeamRecord recorded;

    private TeamRun(String team, Scenario scenario, TimelineWriter timeline, Optional<TeamSystem> system) {
        this.team = team;
        this.scenario = scenario;
        this.timeline = timeline;
        this.system = system;
        this.messages = new ArrayDeque<>(scenario.messages());
        this.expectations = new ExpectationTracker(scenario.expectations());
        this.pager = scenario.oncall().map(Pager::new);
    }

    static TeamRun start(String team, Scenario scenario, DrillClock clock, TimelineWriter timeline,
                         ExecutorService background, long seed, List<FaultSpec> injects, Optional<OwnSystems> own) throws IOException {
        Optional<TeamSystem> system = Optional.empty();
        if (scenario.environment().isPresent()) {
            system = Optional.of(SystemRun.start(team, scenario, scenario.environment().get(), clock, timeline, background,
                    seed, injects));
        } else if (scenario.external().isPresent()) {
            system = Optional.of(ExternalSystemRun.start(team, scenario, scenario.external().get(), own.orElseThrow(), clock,
                    timeline, background, seed, injects));
        }
        return new TeamRun(team, scenario, timeline, system);
    }

    Optional<Shop> shop() {
        return system.flatMap(TeamSystem::shop);
    }

    /** Takes note of one of the team's events, for its expectations. */
    void observe(EventRecord record) {
        expectations.observe(record);
        pager.ifPresent(p -> p.observe(record));
    }

    void warmUp(boolean first, Duration budget) {
        system.ifPresent(s -> s.warmUp(first, budget));
    }

    void startTraffic(boolean first) {
        system.ifPresent(s -> s.startTraffic(first));
    }

    /**
     * Begins rebuilding the team's part of a drill from the timeline a stopped process left;
     * returns what the team did to its system, to do again in order.
     */
    List<Step> beginRebuild(TeamRecord recorded, Restoration restoration) {
        this.recorded = recorded;
        return system.map(s -> s.beginRebuild(recorded, restoration)).orElse(List.of());
    }

    /** One drill second of the rebuild: the system moves. */
    void rebuildTick(Duration t) {
        system.ifPresent(s -> s.rebuildTick(t));
    }

    /**
     * The rebuild reached where the process stopped: the expectations take note of the team's
     * timeline (judged ones stay judged), pages stand where it leaves them, delivered messages stay delivered.
     */
    void endRebuild(Duration stoppedAt) {
        recorded.records().forEach(expectations::observe);  // before what the system records now (faults on its own systems ended)
        expectations.restoreJudged(recorded.judged());
        pager.ifPresent(p -> p.restore(recorded.records()));
        java.util.Set<String> delivered = recorded.deliveredMessages();
        messages.removeIf(m -> delivered.contains(m.id()));
        system.ifPresent(s -> s.endRebuild(stoppedAt));
        recorded = null;
    }

    void stopTraffic() {
        system.ifPresent(TeamSystem::stopTraffic);
    }

    /** One drill second: the system moves, due messages arrive, pages go out and escalate, expectations are judged. */
    List<AlertChanged> tick(Duration t, boolean lastTick) {
        List<AlertChanged> changes = system.map(s -> s.tick(t, lastTick)).orElse(List.of());
        while (!messages.isEmpty() && messages.peek().at().compareTo(t) <= 0) {
            deliver(messages.poll(), t);
        }
        for (MessageSpec message = sendNow.poll(); message != null; message = sendNow.poll()) {
            deliver(message, t);
        }
        pager.ifPresent(p -> p.tick(t).forEach(event -> timeline.append(t, event)));
        expectations.decide(t).forEach(judged -> timeline.append(t, judged));
        return changes;
    }

    private void deliver(MessageSpec message, Duration t) {
        timeline.append(t, new MessageDelivered(message.id(), message.from(), message.channel(), message.to(), message.text()));
    }

    /** Queues a fault to inject at the next tick (a facilitator's "inject now"). */
    void injectSoon(FaultSpec spec) {
        system.orElseThrow(() -> new IllegalStateException("a tabletop drill has no system to inject faults into"))
                .injectSoon(spec);
    }

    /** Queues a message to deliver at the next tick (a facilitator improvising a call). */
    void sendSoon(MessageSpec message) {
        sendNow.add(message);
    }

    void revertAll(RevertReason reason, Duration now) {
        system.ifPresent(s -> s.revertAll(reason, now));
    }

    /** At the drill's end: every expectation still open is decided. */
    void finish(Duration now) {
        pager.ifPresent(p -> p.closeAll().forEach(event -> timeline.append(now, event)));
        expectations.finish(now).forEach(judged -> timeline.append(now, judged));
    }

    /** Where the team stands; {@code ownAlerts} are the alerts its own monitoring says are firing. */
    DrillProgress progress(Duration t, DrillState state, List<String> ownAlerts) {
        double score = system.map(TeamSystem::score).orElse(0.0) + expectations.points();
        return new DrillProgress(team, t, scenario.duration(), state, score,
                system.flatMap(TeamSystem::lastWindow), system.map(TeamSystem::activeFaults).orElse(List.of()),
                java.util.stream.Stream.concat(system.map(TeamSystem::firingAlerts).orElse(List.of()).stream(), ownAlerts.stream())
                        .distinct().toList());
    }

    @Override
    public void close() {
        system.ifPresent(TeamSystem::close);
    }
}
