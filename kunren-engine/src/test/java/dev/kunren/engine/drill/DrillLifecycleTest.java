package dev.kunren.engine.drill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.kunren.engine.clock.ScaledDrillClock;
import dev.kunren.engine.scenario.Scenario;
import dev.kunren.engine.scenario.ScenarioLoader;
import dev.kunren.engine.timeline.EventRecord;
import dev.kunren.engine.timeline.Timeline;
import dev.kunren.engine.timeline.TimelineEvent;
import dev.kunren.engine.timeline.TimelineEvent.DrillEnded;
import dev.kunren.engine.timeline.TimelineEvent.DrillPaused;
import dev.kunren.engine.timeline.TimelineEvent.DrillResumed;
import dev.kunren.engine.timeline.TimelineEvent.EndReason;
import dev.kunren.engine.timeline.TimelineEvent.FaultInjected;
import dev.kunren.engine.timeline.TimelineEvent.FaultReverted;
import dev.kunren.engine.timeline.TimelineEvent.RevertReason;
import dev.kunren.engine.timeline.TimelineEvent.WindowClosed;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class DrillLifecycleTest {

    private static final Scenario LONG_FAULTS = ScenarioLoader.parse("long.yaml", """
            name: long
            title: Faults that would last an hour
            duration: 1h
            steadyState:
              window: 1s
            traffic:
              rate: 20
            injects:
              - at: 0s
                fault: kill-instance
                target: web-1
                duration: 1h
              - at: 0s
                fault: latency
                target: web-2
                params: { latency: 50ms }
                duration: 1h
              - at: 0s
                fault: traffic-spike
                params: { factor: 2 }
                duration: 1h
            """);

    private final Timeline timeline = new Timeline("t", record -> { }, Clock.systemUTC());

    private long count(Class<? extends TimelineEvent> type) {
        return timeline.records().stream().filter(r -> type.isInstance(r.event())).count();
    }

    @Test
    void halt_reverts_every_fault_within_a_second_and_ends_the_drill() throws Exception {
        Drill drill = new Drill(LONG_FAULTS, new ScaledDrillClock(1), timeline, 1, List.of(), p -> { });
        CompletableFuture<EndReason> run = CompletableFuture.supplyAsync(drill::run);
        await().atMost(Duration.ofSeconds(20)).until(() -> count(FaultInjected.class) == 3);

        long haltedAt = System.nanoTime();
        drill.halt();
        long revertMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - haltedAt);

        assertThat(revertMillis).isLessThan(1_000);
        assertThat(timeline.records().stream().map(EventRecord::event).filter(FaultReverted.class::isInstance)
                .map(e -> ((FaultReverted) e).reason())).containsExactly(RevertReason.HALT, RevertReason.HALT, RevertReason.HALT);
        assertThat(run.get(10, TimeUnit.SECONDS)).isEqualTo(EndReason.HALTED);
        assertThat(timeline.records().getLast().event()).isEqualTo(new DrillEnded(EndReason.HALTED, "halted"));
        assertThat(count(FaultReverted.class)).as("halting twice reverts nothing twice").isEqualTo(3);
        drill.halt();
        assertThat(count(FaultReverted.class)).isEqualTo(3);
        assertThat(drill.state()).isEqualTo(DrillState.ENDED);
    }

    @Test
    void a_paused_drill_stands_still_until_resumed() throws Exception {
        Scenario quiet = ScenarioLoader.parse("q.yaml", """
                name: quiet
                title: Quiet
                duration: 1h
                steadyState:
                  window: 1s
                traffic:
                  rate: 5
                """);
        Drill drill = new Drill(quiet, new ScaledDrillClock(20), timeline, 1, List.of(), p -> { });
        CompletableFuture<EndReason> run = CompletableFuture.supplyAsync(drill::run);
        await().atMost(Duration.ofSeconds(20)).until(() -> count(WindowClosed.class) >= 3);

        drill.pause();
        long windowsAtPause = count(WindowClosed.class);

        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2))
                .until(() -> count(WindowClosed.class) == windowsAtPause);
        assertThat(drill.state()).isEqualTo(DrillState.PAUSED);
        assertThatThrownBy(drill::pause).isInstanceOf(IllegalDrillTransitionException.class);

        drill.resume();
        await().atMost(Duration.ofSeconds(10)).until(() -> count(WindowClosed.class) > windowsAtPause);
        drill.halt();
        run.get(10, TimeUnit.SECONDS);
        assertThat(timeline.records()).extracting(EventRecord::event)
                .filteredOn(e -> e instanceof DrillPaused || e instanceof DrillResumed)
                .containsExactly(new DrillPaused(), new DrillResumed());
    }
}
