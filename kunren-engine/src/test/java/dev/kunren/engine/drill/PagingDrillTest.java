package dev.kunren.engine.drill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kunren.engine.clock.ManualDrillClock;
import dev.kunren.engine.external.ExternalAlerts;
import dev.kunren.engine.scenario.Scenario;
import dev.kunren.engine.scenario.ScenarioLoader;
import dev.kunren.engine.timeline.EventRecord;
import dev.kunren.engine.timeline.Timeline;
import dev.kunren.engine.timeline.TimelineEvent;
import dev.kunren.engine.timeline.TimelineEvent.ExpectationJudged;
import dev.kunren.engine.timeline.TimelineEvent.PageAcknowledged;
import dev.kunren.engine.timeline.TimelineEvent.PageDelivered;
import dev.kunren.engine.timeline.TimelineEvent.PageEscalated;
import dev.kunren.engine.timeline.TimelineEvent.PageSent;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** "The usual responder is on holiday" (seed 001): her pages go unanswered, and only the escalation saves the team. */
class PagingDrillTest {

    private static final Scenario HOLIDAY = ScenarioLoader.parse("holiday.yaml", """
            name: holiday
            title: The usual responder is on holiday
            duration: 30m
            environment: none
            messages:
              - { id: call, at: 1m, from: Sato, to: incident-commander, text: "Checkout is slow", expect: [ { page-acknowledged: 8m } ] }
            oncall:
              people:
                - { name: alice, email: alice@example.com }
                - { name: bob, email: bob@example.com, webhook: "http://127.0.0.1:9/enqueue" }
              rotation: 12h
              escalation:
                - { after: 5m, to: next }
                - { after: 3m, to: facilitator }
              unavailable:
                - { person: alice, reason: on holiday }
            """);

    private final Timeline timeline = new Timeline("d", record -> { }, Clock.systemUTC());
    private final ManualDrillClock clock = new ManualDrillClock();
    private final AtomicReference<DrillProgress> progress = new AtomicReference<>();
    private final Drill drill = new Drill(HOLIDAY, clock, timeline, 7, List.of("red"), List.of(), progress::set);
    private final List<String> delivered = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        drill.halt();
    }

    private void advanceTo(int seconds) {
        DrillSeconds.advanceTo(clock, progress, seconds);
    }

    private <T extends TimelineEvent> List<EventRecord> records(Class<T> type) {
        return timeline.records().stream().filter(r -> type.isInstance(r.event())).toList();
    }

    @Test
    void the_unavailable_responder_is_skipped_by_escalation_and_the_page_is_acknowledged_in_time() throws Exception {
        drill.deliverPagesWith((drillId, team, page, person) -> {
            delivered.add(person.name() + " " + page.pageId() + " level " + page.level());
            return List.of(new PageDelivered(page.pageId(), person.name(), "email", true, "250 OK"));
        });
        CompletableFuture.supplyAsync(drill::run);
        await().atMost(Duration.ofSeconds(5)).until(drill::ready);
        advanceTo(60);
        drill.receiveAlerts("red", "alertmanager", List.of(new ExternalAlerts.Incoming("CheckoutSlow", true, "critical", "p99 > 2s", "f1")));
        advanceTo(61);
        assertThat(records(PageSent.class)).singleElement().satisfies(r -> {
            assertThat(r.event()).isEqualTo(new PageSent("PG-1", "CheckoutSlow", 1, "alice"));
            assertThat(r.at()).isEqualTo(Duration.ofSeconds(61));
        });
        await().atMost(Duration.ofSeconds(5)).until(() -> !records(PageDelivered.class).isEmpty());
        assertThat(records(PageDelivered.class).getFirst().event())
                .isEqualTo(new PageDelivered("PG-1", "alice", "any", false, "alice is unavailable in this drill: on holiday"));
        assertThat(delivered).as("nothing goes to a person who is away").isEmpty();

        advanceTo(360);
        assertThat(records(PageEscalated.class)).isEmpty();
        advanceTo(361);
        assertThat(records(PageEscalated.class)).singleElement().satisfies(r -> {
            assertThat(r.event()).isEqualTo(new PageEscalated("PG-1", "CheckoutSlow", 1, 2, "bob"));
            assertThat(r.at()).isEqualTo(Duration.ofSeconds(361));
        });
        await().atMost(Duration.ofSeconds(5)).until(() -> delivered.size() == 1);
        assertThat(delivered).containsExactly("bob PG-1 level 2");
        assertThat(records(PageDelivered.class)).extracting(r -> ((PageDelivered) r.event()).method())
                .containsExactly("any", "console", "email");

        timeline.append("red", Duration.ofSeconds(400), new PageAcknowledged("PG-1", "CheckoutSlow", "bob", "link"));
        advanceTo(600);
        assertThat(records(PageEscalated.class)).as("acknowledged: no call to the facilitator").hasSize(1);
        assertThat(records(ExpectationJudged.class)).singleElement().satisfies(r -> {
            ExpectationJudged judged = (ExpectationJudged) r.event();
            assertThat(judged.expectationId()).isEqualTo("call/page-acknowledged");
            assertThat(judged.met()).isTrue();
        });

        drill.end();
        clock.advance(Duration.ofSeconds(1));
        await().atMost(Duration.ofSeconds(5)).until(() -> drill.state() == DrillState.ENDED);
        var report = dev.kunren.engine.report.ReportBuilder.build(timeline.records(), "red");
        assertThat(report.stages()).filteredOn(s -> s.key().equals("time-to-page")).singleElement().satisfies(s -> {
            assertThat(s.took()).isEqualTo(Duration.ofSeconds(1));
            assertThat(s.note()).isEqualTo("PG-1 to alice");
        });
        assertThat(report.stages()).filteredOn(s -> s.key().equals("time-to-acknowledge-page")).singleElement().satisfies(s -> {
            assertThat(s.took()).as("from the first page at 1:01 to bob's acknowledgement at 6:40").isEqualTo(Duration.ofSeconds(339));
            assertThat(s.note()).isEqualTo("taken by bob (link), after 1 escalation(s)");
        });
    }
}
