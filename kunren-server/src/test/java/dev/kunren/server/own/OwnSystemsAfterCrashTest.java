package dev.kunren.server.own;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kunren.engine.clock.ManualDrillClock;
import dev.kunren.engine.drill.Drill;
import dev.kunren.engine.drill.DrillHistory;
import dev.kunren.engine.drill.DrillProgress;
import dev.kunren.engine.drill.DrillState;
import dev.kunren.engine.scenario.Scenario;
import dev.kunren.engine.scenario.ScenarioLoader;
import dev.kunren.engine.timeline.EventRecord;
import dev.kunren.engine.timeline.Timeline;
import dev.kunren.engine.timeline.TimelineEvent.DrillRestored;
import dev.kunren.engine.timeline.TimelineEvent.FaultInjected;
import dev.kunren.engine.timeline.TimelineEvent.FaultReverted;
import dev.kunren.engine.timeline.TimelineEvent.RevertReason;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * A drill on a team's own systems taken back after its process stopped: the fault the process held
 * on the team's proxy ended with it and is recorded so, not made again; the faults still to come
 * are injected on schedule, once.
 */
class OwnSystemsAfterCrashTest {

    private record Running(Drill drill, ManualDrillClock clock, AtomicReference<DrillProgress> progress,
                           CompletableFuture<?> run) {
        void advanceTo(int seconds) {
            while (clock.elapsed().toSeconds() < seconds) {
                clock.advance(Duration.ofSeconds(1));
                long target = clock.elapsed().toSeconds();
                await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1)).atMost(Duration.ofSeconds(10))
                        .until(() -> progress.get() != null && progress.get().elapsed().toSeconds() >= target);
            }
        }
    }

    private static Running start(Scenario scenario, Timeline timeline, DrillHistory history) {
        ManualDrillClock clock = new ManualDrillClock();
        AtomicReference<DrillProgress> progress = new AtomicReference<>();
        Drill drill = new Drill(scenario, clock, timeline, 7, List.of("red"), List.of(), progress::set);
        CompletableFuture<?> run = CompletableFuture.supplyAsync(() -> history == null ? drill.run() : drill.continueFrom(history, false));
        await().atMost(Duration.ofSeconds(30)).until(drill::ready);
        return new Running(drill, clock, progress, run);
    }

    @Test
    void a_fault_on_the_teams_own_systems_ends_with_the_process_and_the_next_comes_on_schedule() throws Exception {
        Scenario scenario = ScenarioLoader.parse("own.yaml", """
                kunren: 1
                name: own
                title: Own
                duration: 5m
                environment:
                  external:
                    services:
                      - { name: api, listen: 127.0.0.1:%d, upstream: 127.0.0.1:%d, protocol: http }
                injects:
                  - { id: slow, at: 10s, fault: latency, target: api, params: { latency: 300 }, duration: 2m }
                  - { id: later, at: 90s, fault: latency, target: api, params: { latency: 100 }, duration: 1m }
                """.formatted(Processes.freePort(), Processes.freePort()));
        Timeline timeline = new Timeline("o", r -> { }, Clock.systemUTC());
        Running first = start(scenario, timeline, null);
        first.advanceTo(30);
        List<EventRecord> recorded = timeline.records();
        first.drill().halt();
        first.run().get(30, TimeUnit.SECONDS);  // its proxy is closed: the next process listens on the same address

        Timeline continued = Timeline.continuing("o", r -> { }, Clock.systemUTC(), recorded);
        Running second = start(scenario, continued, DrillHistory.of(recorded));
        assertThat(second.drill().state()).isEqualTo(DrillState.PAUSED);
        List<EventRecord> after = continued.records().subList(recorded.size(), continued.records().size());
        assertThat(after).extracting(EventRecord::event).containsExactly(new FaultReverted("slow", RevertReason.SHUTDOWN),
                new DrillRestored(List.of(), List.of("faults slow on the team's own systems ended with the stopped process")));

        second.drill().resume();
        second.advanceTo(95);
        assertThat(continued.records()).extracting(EventRecord::event).filteredOn(FaultInjected.class::isInstance)
                .extracting(e -> ((FaultInjected) e).faultId()).as("slow once, before the stop; later on schedule")
                .containsExactly("slow", "later");
        second.drill().halt();
        second.run().get(30, TimeUnit.SECONDS);
    }
}
