package dev.kunren.engine.drill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.kunren.engine.clock.ManualDrillClock;
import dev.kunren.engine.external.ExternalAlerts;
import dev.kunren.engine.report.ReportBuilder;
import dev.kunren.engine.scenario.Scenario;
import dev.kunren.engine.scenario.ScenarioLoader;
import dev.kunren.engine.timeline.EventRecord;
import dev.kunren.engine.timeline.Timeline;
import dev.kunren.engine.timeline.TimelineEvent;
import dev.kunren.engine.timeline.TimelineEvent.DrillRestored;
import dev.kunren.engine.timeline.TimelineEvent.ExpectationJudged;
import dev.kunren.engine.timeline.TimelineEvent.FaultInjected;
import dev.kunren.engine.timeline.TimelineEvent.FaultReverted;
import dev.kunren.engine.timeline.TimelineEvent.MessageDelivered;
import dev.kunren.engine.timeline.TimelineEvent.PageEscalated;
import dev.kunren.engine.timeline.TimelineEvent.PageSent;
import dev.kunren.engine.timeline.TimelineEvent.RevertReason;
import dev.kunren.engine.timeline.TimelineEvent.WindowClosed;
import dev.kunren.shop.Shop;
import dev.kunren.shop.audit.Actor;
import dev.kunren.shop.config.AppConfig;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A drill whose process stopped mid-drill, taken back from its timeline alone: the environment is
 * what it was, nothing recorded happens twice, and the drill goes on to a debrief that reads.
 */
class DrillAfterCrashTest {

    private static final Scenario SHOP = ScenarioLoader.parse("crash.yaml", """
            name: crash
            title: Everything at once
            duration: 10m
            steadyState:
              window: 10s
            traffic:
              rate: 20
            injects:
              - { at: 30s, fault: kill-instance, target: web-2, duration: 5m }
              - { at: 45s, fault: leaked-key, params: { count: 2, every: 20s }, duration: 8m }
              - { at: 50s, fault: corrupt-config, duration: 8m }
              - { at: 60s, fault: cut-route, target: web-to-payment, duration: 8m }
              - { at: 5m, fault: latency, target: web-1, params: { latency: 50ms }, duration: 1m }
            messages:
              - { id: early, at: 20s, from: Sato, to: incident-commander, text: "Is the shop slow?" }
              - { id: late, at: 3m, from: Sato, to: incident-commander, text: "Any news?" }
            """);

    private static final Scenario PAGER = ScenarioLoader.parse("pager.yaml", """
            name: pager
            title: Nobody answers
            duration: 30m
            environment: none
            messages:
              - { id: call, at: 1m, from: Sato, to: incident-commander, text: "Checkout is slow", expect: [ { page-acknowledged: 3m } ] }
            oncall:
              people:
                - { name: alice, email: alice@example.com }
                - { name: bob, email: bob@example.com }
              rotation: 12h
              escalation:
                - { after: 5m, to: next }
                - { after: 3m, to: facilitator }
            """);

    private static final Actor ALICE = Actor.of("alice", "console");
    private final List<Drill> drills = new ArrayList<>();

    @AfterEach
    void stop() {
        drills.forEach(Drill::halt);
    }

    private record Running(Drill drill, ManualDrillClock clock, Timeline timeline, AtomicReference<DrillProgress> progress) {
        void advanceTo(int seconds) {
            DrillSeconds.advanceTo(clock, progress, seconds);
        }

        long count(Class<? extends TimelineEvent> type) {
            return timeline.records().stream().filter(r -> type.isInstance(r.event())).count();
        }

        Shop shop() {
            return drill.environment(Drill.DEFAULT_TEAM).orElseThrow();
        }
    }

    private Running start(Scenario scenario, Timeline timeline, DrillHistory history) {
        ManualDrillClock clock = new ManualDrillClock();
        AtomicReference<DrillProgress> progress = new AtomicReference<>();
        Drill drill = new Drill(scenario, clock, timeline, 42, List.of(Drill.DEFAULT_TEAM), List.of(), progress::set);
        drills.add(drill);
        CompletableFuture.supplyAsync(() -> history == null ? drill.run() : drill.continueFrom(history, false));
        await().atMost(Duration.ofSeconds(60)).until(drill::ready);
        return new Running(drill, clock, timeline, progress);
    }

    /** What a team sees of its environment in the console, leaving out what customers move (CPU, rotation). */
    private static List<String> environment(Shop shop) {
        List<String> seen = new ArrayList<>();
        shop.console().view().instances(java.util.Optional.empty()).forEach(i -> seen.add(String.join(" ", i.id(), i.region(),
                i.type(), i.version(), i.state().name(), "app=" + i.appRunning(), "config=" + i.configVersion(),
                "group=" + i.inScalingGroup(), "by=" + i.launchedBy())));
        var group = shop.console().view().scalingGroup();
        seen.add("group " + group.min() + "/" + group.desired() + "/" + group.max());
        shop.console().view().routes().forEach(r -> seen.add("route " + r.id() + " " + r.allowed()));
        shop.console().view().accessKeys().forEach(k -> seen.add("key " + k.id() + " " + k.user() + " " + k.active()));
        shop.console().view().objectVersions(AppConfig.KEY).forEach(v -> seen.add("config v" + v.version() + " by " + v.author()));
        seen.add("writer " + shop.console().view().database().writerEndpoint());
        return seen;
    }

    @Test
    void a_shop_drill_comes_back_paused_with_its_environment_as_it_was_and_nothing_recorded_twice() {
        Running first = start(SHOP, new Timeline("d", r -> { }, Clock.systemUTC()), null);
        first.advanceTo(40);
        first.shop().console().setGroupSizes(ALICE, 2, 6, 4);
        first.advanceTo(70);
        first.shop().console().restoreObject(ALICE, AppConfig.KEY, 1);
        first.shop().console().reloadConfig(ALICE);
        first.advanceTo(80);
        first.shop().console().setRoute(ALICE, "web-to-payment", true);
        String leaked = first.shop().console().view().accessKeys().stream().filter(k -> k.user().equals("deploy-bot") && k.active())
                .findFirst().orElseThrow().id();
        first.advanceTo(90);
        first.shop().console().revokeKey(ALICE, leaked);
        first.advanceTo(100);
        List<String> before = environment(first.shop());
        List<EventRecord> recorded = first.timeline().records();
        first.drill().halt();  // the process "dies": nothing after this moment is part of the drill

        Running second = start(SHOP, Timeline.continuing("d", r -> { }, Clock.systemUTC(), recorded), DrillHistory.of(recorded));

        assertThat(second.drill().state()).isEqualTo(DrillState.PAUSED);
        assertThat(second.clock().elapsed()).isEqualTo(Duration.ofSeconds(100));
        assertThat(environment(second.shop())).as("instances, scaling, config versions, routes, keys, database").isEqualTo(before);
        EventRecord restored = second.timeline().records().getLast();
        assertThat(restored.seq()).isEqualTo(recorded.size() + 1);
        assertThat(restored.at()).isEqualTo(Duration.ofSeconds(100));
        assertThat(((DrillRestored) restored.event()).resumed()).as("web-2 is still down; the attacker's instances still run")
                .containsExactly("kill-instance-1", "leaked-key-2");
        assertThat(((DrillRestored) restored.event()).notes()).isEmpty();

        second.drill().resume();
        second.advanceTo(200);
        List<EventRecord> after = second.timeline().records().subList(recorded.size(), second.timeline().records().size());
        assertThat(after).extracting(EventRecord::event).filteredOn(FaultInjected.class::isInstance).as("nothing injected twice")
                .isEmpty();
        assertThat(after).extracting(EventRecord::event).filteredOn(MessageDelivered.class::isInstance)
                .extracting(e -> ((MessageDelivered) e).messageId()).as("early was delivered before the crash").containsExactly("late");
        List<WindowClosed> windows = after.stream().map(EventRecord::event).filter(WindowClosed.class::isInstance)
                .map(WindowClosed.class::cast).toList();
        WindowClosed lastBefore = recorded.stream().map(EventRecord::event).filter(WindowClosed.class::isInstance)
                .map(WindowClosed.class::cast).reduce((a, b) -> b).orElseThrow();
        assertThat(windows.getFirst().index()).isEqualTo(lastBefore.index() + 1);
        assertThat(windows.getFirst().start()).isEqualTo(lastBefore.end());
        assertThat(windows.getFirst().totalScore()).as("the score goes on from its total")
                .isCloseTo(lastBefore.totalScore() + windows.getFirst().score(), org.assertj.core.data.Offset.offset(0.02));
        assertThat(second.count(DrillRestored.class)).isEqualTo(1);

        // the team restarts web-2: the resumed fault ends as fixed, as it would have without the crash
        second.shop().console().restartInstance(ALICE, "web-2");
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            second.advanceTo((int) second.clock().elapsed().toSeconds() + 1);
            return second.timeline().records().stream().anyMatch(r -> r.event() instanceof FaultReverted f
                    && f.faultId().equals("kill-instance-1"));
        });
        assertThat(second.timeline().records()).extracting(EventRecord::event).filteredOn(FaultReverted.class::isInstance)
                .filteredOn(e -> ((FaultReverted) e).faultId().equals("kill-instance-1")).singleElement()
                .extracting(e -> ((FaultReverted) e).reason()).isEqualTo(RevertReason.FIXED);

        second.drill().end();
        second.clock().advance(Duration.ofSeconds(1));
        await().atMost(Duration.ofSeconds(10)).until(() -> second.drill().state() == DrillState.ENDED);
        var report = ReportBuilder.build(second.timeline().records(), Drill.DEFAULT_TEAM);
        assertThat(report.pauses()).as("the stop shows as a pause in the debrief").hasSize(1);
    }

    @Test
    void pages_escalate_on_time_and_expectations_are_judged_once_across_a_crash() {
        Running first = start(PAGER, new Timeline("p", r -> { }, Clock.systemUTC()), null);
        first.advanceTo(60);
        first.drill().receiveAlerts(Drill.DEFAULT_TEAM, "alertmanager",
                List.of(new ExternalAlerts.Incoming("CheckoutSlow", true, "critical", "p99 > 2s", "f1")));
        first.advanceTo(250);
        List<EventRecord> recorded = first.timeline().records();
        assertThat(recorded).extracting(EventRecord::event).filteredOn(ExpectationJudged.class::isInstance).hasSize(1);
        first.drill().halt();

        Running second = start(PAGER, Timeline.continuing("p", r -> { }, Clock.systemUTC(), recorded), DrillHistory.of(recorded));
        second.drill().resume();
        second.advanceTo(400);

        assertThat(second.count(PageSent.class)).as("PG-1 to alice, then to bob on escalation; no new page").isEqualTo(2);
        assertThat(second.timeline().records()).filteredOn(r -> r.event() instanceof PageEscalated).singleElement()
                .satisfies(r -> {
                    assertThat(r.at()).as("five minutes after the page at 1:01, as without the crash").isEqualTo(Duration.ofSeconds(361));
                    assertThat(((PageEscalated) r.event()).person()).isEqualTo("bob");
                });
        assertThat(second.count(ExpectationJudged.class)).as("judged before the crash, not again").isEqualTo(1);
        assertThat(second.count(MessageDelivered.class)).isEqualTo(1);
    }

    @Test
    void a_drill_taken_back_and_ended_at_once_judges_nothing_twice_and_ends_where_it_stopped() {
        Running first = start(PAGER, new Timeline("q", r -> { }, Clock.systemUTC()), null);
        first.drill().receiveAlerts(Drill.DEFAULT_TEAM, "alertmanager",
                List.of(new ExternalAlerts.Incoming("CheckoutSlow", true, "critical", "p99 > 2s", "f1")));
        first.advanceTo(250);
        List<EventRecord> recorded = first.timeline().records();
        first.drill().halt();

        Running second = start(PAGER, Timeline.continuing("q", r -> { }, Clock.systemUTC(), recorded), DrillHistory.of(recorded));
        second.drill().end();
        second.clock().advance(Duration.ofSeconds(1));  // it ends at the next drill second
        await().atMost(Duration.ofSeconds(10)).until(() -> second.drill().state() == DrillState.ENDED);

        assertThat(second.count(ExpectationJudged.class)).isEqualTo(1);
        EventRecord ended = second.timeline().records().getLast();
        assertThat(ended.event()).isInstanceOf(TimelineEvent.DrillEnded.class);
        assertThat(ended.at()).as("not before the events it follows")
                .isGreaterThanOrEqualTo(recorded.getLast().at()).isGreaterThanOrEqualTo(Duration.ofSeconds(241));
        assertThat(second.timeline().records()).extracting(EventRecord::event).filteredOn(TimelineEvent.PageClosed.class::isInstance)
                .as("the page still open closes unanswered at the end, once").hasSize(1);
    }

    @Test
    void only_a_drill_that_started_and_did_not_end_can_be_taken_back() {
        assertThatThrownBy(() -> DrillHistory.of(List.of())).hasMessageContaining("never started");
        Timeline ended = new Timeline("e", r -> { }, Clock.systemUTC());
        ended.append(Duration.ZERO, new TimelineEvent.DrillEnded(TimelineEvent.EndReason.COMPLETED, "ran its course"));
        assertThatThrownBy(() -> DrillHistory.of(ended.records())).hasMessageContaining("has ended");
    }
}
