package dev.kunren.engine.drill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kunren.engine.clock.ManualDrillClock;
import dev.kunren.engine.scenario.Scenario;
import dev.kunren.engine.scenario.ScenarioLoader;
import dev.kunren.engine.timeline.EventRecord;
import dev.kunren.engine.timeline.Timeline;
import dev.kunren.engine.timeline.TimelineEvent.DrillStarted;
import dev.kunren.engine.timeline.TimelineEvent.EndReason;
import dev.kunren.engine.timeline.TimelineEvent.ExpectationJudged;
import dev.kunren.engine.timeline.TimelineEvent.IncidentDeclared;
import dev.kunren.engine.timeline.TimelineEvent.MessageAnswered;
import dev.kunren.engine.timeline.TimelineEvent.MessageDelivered;
import dev.kunren.engine.timeline.TimelineEvent.WindowClosed;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A drill with no practice system: messages arrive at their time and expectations are judged live. */
class TabletopDrillTest {

    private static final Scenario TABLETOP = ScenarioLoader.parse("tabletop.yaml", """
            name: tabletop
            title: Only people
            duration: 10m
            environment: none
            incident:
              roles: [incident-commander, customer-liaison]
            messages:
              - id: call
                at: 1m
                from: Sato
                to: customer-liaison
                text: { en: "Is it down?", ja: "落ちていますか？" }
                expect:
                  - answer: 2m
                  - declare: 1m
                    points: 50
              - id: later
                at: 8m
                from: Kimura
                channel: chat
                to: incident-commander
                text: When will it work?
                expect:
                  - answer: 5m
            """);

    private final Timeline timeline = new Timeline("d", record -> { }, Clock.systemUTC());
    private final ManualDrillClock clock = new ManualDrillClock();
    private final AtomicReference<DrillProgress> progress = new AtomicReference<>();
    private final Drill drill = new Drill(TABLETOP, clock, timeline, 7, List.of("red"), List.of(), progress::set);
    private CompletableFuture<EndReason> run;

    @AfterEach
    void stop() {
        drill.halt();
    }

    private void advanceTo(int seconds) {
        DrillSeconds.advanceTo(clock, progress, seconds);
    }

    private List<ExpectationJudged> judged() {
        return timeline.records().stream().map(EventRecord::event).filter(ExpectationJudged.class::isInstance)
                .map(ExpectationJudged.class::cast).toList();
    }

    @Test
    void messages_arrive_at_their_time_and_expectations_are_judged_live_and_at_the_end() throws Exception {
        run = CompletableFuture.supplyAsync(drill::run);
        await().atMost(Duration.ofSeconds(5)).until(drill::ready);
        assertThat(drill.environment("red")).as("no practice system").isEmpty();
        advanceTo(60);
        EventRecord delivered = timeline.records().stream().filter(r -> r.event() instanceof MessageDelivered).findFirst().orElseThrow();
        assertThat(delivered.at()).isEqualTo(Duration.ofSeconds(60));
        assertThat(delivered.team()).isEqualTo("red");
        assertThat(((MessageDelivered) delivered.event()).text()).containsEntry("ja", "落ちていますか？");

        timeline.append("red", Duration.ofSeconds(90), new MessageAnswered("call", "Yes, we are on it", "bo"));
        advanceTo(91);
        assertThat(judged()).singleElement().satisfies(j -> {
            assertThat(j.expectationId()).isEqualTo("call/answer");
            assertThat(j.met()).isTrue();
            assertThat(j.doneAt()).isEqualTo(Duration.ofSeconds(90));
        });
        assertThat(progress.get().score()).isEqualTo(100);

        advanceTo(121);
        assertThat(judged()).hasSize(2);
        assertThat(judged().get(1).expectationId()).isEqualTo("call/declare");
        assertThat(judged().get(1).met()).as("no incident a minute after the call").isFalse();
        timeline.append("red", Duration.ofSeconds(130), new IncidentDeclared("INC-1", "Down", "SEV2", List.of(), "ann", ""));

        advanceTo(540);
        drill.end();
        clock.advance(Duration.ofSeconds(1));  // the drill ends at its next second
        assertThat(run.get(5, TimeUnit.SECONDS)).isEqualTo(EndReason.ENDED_EARLY);
        assertThat(judged()).hasSize(3);
        assertThat(judged().get(2).expectationId()).isEqualTo("later/answer");
        assertThat(judged().get(2).met()).isFalse();
        assertThat(judged().get(2).detail()).isEqualTo("not answered before the drill ended");
        assertThat(timeline.records().stream().map(EventRecord::event)).noneMatch(WindowClosed.class::isInstance);
        assertThat(((DrillStarted) timeline.records().getFirst().event()).instances()).isEmpty();
    }

    @Test
    void a_halt_judges_nothing_it_cut_short() throws Exception {
        run = CompletableFuture.supplyAsync(drill::run);
        await().atMost(Duration.ofSeconds(5)).until(drill::ready);
        advanceTo(61);
        drill.halt();
        assertThat(run.get(5, TimeUnit.SECONDS)).isEqualTo(EndReason.HALTED);
        assertThat(timeline.records().stream().map(EventRecord::event)).anyMatch(MessageDelivered.class::isInstance);
        assertThat(judged()).isEmpty();
    }
}
