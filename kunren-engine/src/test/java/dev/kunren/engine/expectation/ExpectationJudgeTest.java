package dev.kunren.engine.expectation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kunren.engine.expectation.ExpectationResult.State;
import dev.kunren.engine.timeline.EventRecord;
import dev.kunren.engine.timeline.TimelineEvent;
import dev.kunren.engine.timeline.TimelineEvent.AlertAcknowledged;
import dev.kunren.engine.timeline.TimelineEvent.AlertChanged;
import dev.kunren.engine.timeline.TimelineEvent.AlertState;
import dev.kunren.engine.timeline.TimelineEvent.FaultInjected;
import dev.kunren.engine.timeline.TimelineEvent.IncidentDeclared;
import dev.kunren.engine.timeline.TimelineEvent.IncidentStatusChanged;
import dev.kunren.engine.timeline.TimelineEvent.InternalUpdatePosted;
import dev.kunren.engine.timeline.TimelineEvent.MessageAnswered;
import dev.kunren.engine.timeline.TimelineEvent.MessageDelivered;
import dev.kunren.engine.timeline.TimelineEvent.PublicUpdatePosted;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Every kind of expectation at its edges: exactly at the limit, just after, never, before the inject. */
class ExpectationJudgeTest {

    private final List<EventRecord> timeline = new ArrayList<>();

    private void at(int seconds, TimelineEvent event) {
        timeline.add(new EventRecord("d", timeline.size() + 1, "red", Duration.ofSeconds(seconds), Instant.EPOCH, event));
    }

    private static Expectation expect(String inject, ExpectationKind kind, int limitSeconds) {
        return new Expectation(inject + "/" + kind.key(), inject, kind, Duration.ofSeconds(limitSeconds), Optional.empty(), 100, 0);
    }

    private ExpectationResult judge(Expectation expectation, int nowSeconds, boolean over) {
        return ExpectationJudge.judge(List.of(expectation), timeline, Duration.ofSeconds(nowSeconds), over).getFirst();
    }

    private void fault(int seconds) {
        at(seconds, new FaultInjected("kill", "kill-instance", "web-1", Map.of(), Duration.ofMinutes(10), List.of()));
    }

    private void call(int seconds) {
        at(seconds, new MessageDelivered("call", "Sato", "phone", "customer-liaison", Map.of("en", "Is checkout down?")));
    }

    private void declare(int seconds, String id) {
        at(seconds, new IncidentDeclared(id, "Checkout fails", "SEV2", List.of(), "ann", ""));
    }

    private void publicUpdate(int seconds, String id) {
        at(seconds, new PublicUpdatePosted(id, "INVESTIGATING", "We are looking into it", Map.of(), "bo"));
    }

    private void resolve(int seconds, String id) {
        at(seconds, new IncidentStatusChanged(id, "INVESTIGATING", "RESOLVED", "ann"));
    }

    @Test
    void an_answer_exactly_at_the_limit_meets_it_and_one_second_later_misses_it() {
        Expectation answer = expect("call", ExpectationKind.ANSWER, 300);
        call(60);
        at(360, new MessageAnswered("call", "We are on it", "bo"));
        ExpectationResult met = judge(answer, 400, false);
        assertThat(met.state()).isEqualTo(State.MET);
        assertThat(met.doneAt()).isEqualTo(Duration.ofSeconds(360));
        assertThat(met.points()).isEqualTo(100);
        assertThat(met.detail()).isEqualTo("answered after 5m 00s (limit 5m 00s)");

        timeline.clear();
        call(60);
        at(361, new MessageAnswered("call", "We are on it", "bo"));
        ExpectationResult late = judge(answer, 400, false);
        assertThat(late.state()).isEqualTo(State.MISSED);
        assertThat(late.points()).isZero();
        assertThat(late.detail()).isEqualTo("answered only after 5m 01s (limit 5m 00s)");
    }

    @Test
    void never_done_is_pending_up_to_the_limit_missed_after_it_and_missed_when_the_drill_ends_first() {
        Expectation answer = expect("call", ExpectationKind.ANSWER, 300);
        call(60);
        assertThat(judge(answer, 360, false).state()).as("at the limit itself").isEqualTo(State.PENDING);
        assertThat(judge(answer, 360, false).deadline()).isEqualTo(Duration.ofSeconds(360));
        assertThat(judge(answer, 361, false).state()).isEqualTo(State.MISSED);
        assertThat(judge(answer, 361, false).detail()).isEqualTo("not answered within 5m 00s");
        ExpectationResult ended = judge(answer, 200, true);
        assertThat(ended.state()).isEqualTo(State.MISSED);
        assertThat(ended.detail()).isEqualTo("not answered before the drill ended");
    }

    @Test
    void an_inject_that_never_happened_is_waiting_and_not_judged() {
        ExpectationResult result = judge(expect("call", ExpectationKind.ANSWER, 300), 1000, true);
        assertThat(result.state()).isEqualTo(State.WAITING);
        assertThat(result.decided()).isFalse();
    }

    @Test
    void an_incident_declared_before_the_inject_meets_declare() {
        declare(30, "INC-1");
        fault(60);
        ExpectationResult result = judge(expect("kill", ExpectationKind.DECLARE, 300), 61, false);
        assertThat(result.state()).isEqualTo(State.MET);
        assertThat(result.doneAt()).isEqualTo(Duration.ofSeconds(30));
        assertThat(result.detail()).isEqualTo("incident declared before the inject (limit 5m 00s)");
    }

    @Test
    void an_incident_resolved_before_the_inject_does_not_count_for_it() {
        declare(10, "INC-1");
        resolve(20, "INC-1");
        fault(60);
        assertThat(judge(expect("kill", ExpectationKind.DECLARE, 300), 361, false).state()).isEqualTo(State.MISSED);
        declare(200, "INC-2");
        assertThat(judge(expect("kill", ExpectationKind.DECLARE, 300), 400, false).state()).isEqualTo(State.MET);
    }

    @Test
    void an_alert_acknowledged_before_the_inject_was_about_something_else() {
        at(10, new AlertChanged("web-instance-down", "critical", AlertState.FIRING, "", 1, ""));
        at(20, new AlertAcknowledged("web-instance-down", "ann"));
        fault(60);
        Expectation ack = new Expectation("kill/acknowledge", "kill", ExpectationKind.ACKNOWLEDGE, Duration.ofSeconds(120),
                Optional.of("web-instance-down"), 100, 0);
        assertThat(judge(ack, 181, false).state()).isEqualTo(State.MISSED);
        at(70, new AlertChanged("availability-low", "critical", AlertState.FIRING, "", 1, ""));
        at(75, new AlertAcknowledged("availability-low", "ann"));
        assertThat(judge(ack, 181, false).state()).as("another alert's acknowledgement").isEqualTo(State.MISSED);
        at(180, new AlertAcknowledged("web-instance-down", "bo"));
        assertThat(judge(ack, 181, false).state()).isEqualTo(State.MET);
        assertThat(judge(ack, 181, false).detail()).isEqualTo("alert web-instance-down acknowledged after 2m 00s (limit 2m 00s)");
    }

    @Test
    void alert_fires_counts_only_firings_from_the_inject_on() {
        at(10, new AlertChanged("availability-low", "critical", AlertState.FIRING, "", 1, ""));
        fault(60);
        Expectation fires = expect("kill", ExpectationKind.ALERT_FIRES, 30);
        assertThat(judge(fires, 91, false).state()).isEqualTo(State.MISSED);
        at(90, new AlertChanged("availability-low", "critical", AlertState.FIRING, "", 1, ""));
        assertThat(judge(fires, 91, false).state()).isEqualTo(State.MET);
    }

    @Test
    void the_first_public_update_is_due_within_its_limit_of_declaring_not_of_the_inject() {
        Expectation first = expect("call", ExpectationKind.FIRST_PUBLIC_UPDATE, 300);
        call(60);
        assertThat(judge(first, 1000, false).state()).as("no incident yet").isEqualTo(State.PENDING);
        assertThat(judge(first, 1000, true).detail()).isEqualTo("no incident was declared");
        declare(600, "INC-1");
        assertThat(judge(first, 900, false).state()).isEqualTo(State.PENDING);
        assertThat(judge(first, 900, false).deadline()).isEqualTo(Duration.ofSeconds(900));
        assertThat(judge(first, 901, false).state()).isEqualTo(State.MISSED);
        publicUpdate(900, "INC-1");
        ExpectationResult met = judge(first, 901, false);
        assertThat(met.state()).isEqualTo(State.MET);
        assertThat(met.startedAt()).isEqualTo(Duration.ofSeconds(600));
    }

    @Test
    void a_first_public_update_posted_before_the_inject_meets_it() {
        declare(10, "INC-1");
        publicUpdate(40, "INC-1");
        call(60);
        assertThat(judge(expect("call", ExpectationKind.FIRST_PUBLIC_UPDATE, 300), 61, false).state()).isEqualTo(State.MET);
    }

    @Test
    void the_first_internal_update_is_judged_like_the_public_one() {
        Expectation first = expect("kill", ExpectationKind.FIRST_INTERNAL_UPDATE, 120);
        fault(0);
        declare(60, "INC-1");
        at(180, new InternalUpdatePosted("INC-1", "checkout fails", "restarting web-1", "", "ann"));
        assertThat(judge(first, 200, false).state()).isEqualTo(State.MET);
        assertThat(judge(first, 200, false).detail()).isEqualTo("first internal update posted after 2m 00s (limit 2m 00s)");
    }

    @Test
    void a_cadence_is_met_when_no_silence_exceeds_the_limit_up_to_resolution() {
        Expectation every = expect("kill", ExpectationKind.PUBLIC_UPDATES_EVERY, 1200);
        fault(0);
        declare(60, "INC-1");
        publicUpdate(300, "INC-1");
        publicUpdate(1500, "INC-1");   // exactly 20 minutes after the previous one
        assertThat(judge(every, 1600, false).state()).isEqualTo(State.PENDING);
        assertThat(judge(every, 1600, false).deadline()).isEqualTo(Duration.ofSeconds(2700));
        resolve(2700, "INC-1");           // resolved exactly 20 minutes after the last update
        ExpectationResult met = judge(every, 2700, false);
        assertThat(met.state()).isEqualTo(State.MET);
        assertThat(met.detail()).isEqualTo("2 public updates, never more than 20m 00s apart");
    }

    @Test
    void a_cadence_is_missed_the_moment_a_silence_runs_over() {
        Expectation every = expect("kill", ExpectationKind.PUBLIC_UPDATES_EVERY, 1200);
        fault(0);
        declare(60, "INC-1");
        publicUpdate(300, "INC-1");
        assertThat(judge(every, 1500, false).state()).isEqualTo(State.PENDING);
        ExpectationResult missed = judge(every, 1501, false);
        assertThat(missed.state()).isEqualTo(State.MISSED);
        assertThat(missed.doneAt()).as("when the silence ran over").isEqualTo(Duration.ofSeconds(1500));
        assertThat(missed.detail()).isEqualTo("no public update for more than 20m 00s after 5m 00s");
    }

    @Test
    void a_cadence_with_no_update_at_all_is_missed_once_the_declaration_is_that_old() {
        Expectation every = expect("kill", ExpectationKind.PUBLIC_UPDATES_EVERY, 1200);
        fault(0);
        declare(60, "INC-1");
        assertThat(judge(every, 1261, false).state()).isEqualTo(State.MISSED);
    }

    @Test
    void a_cadence_still_open_at_the_end_of_the_drill_is_met_if_no_silence_ran_over() {
        Expectation every = expect("kill", ExpectationKind.PUBLIC_UPDATES_EVERY, 1200);
        fault(0);
        declare(60, "INC-1");
        publicUpdate(120, "INC-1");
        assertThat(judge(every, 600, true).state()).isEqualTo(State.MET);
    }

    @Test
    void resolve_counts_the_first_resolution_after_the_inject() {
        Expectation resolved = expect("fixed", ExpectationKind.RESOLVE, 300);
        declare(0, "INC-1");
        at(60, new MessageDelivered("fixed", "Engineering", "chat", "incident-commander", Map.of("en", "Fixed")));
        assertThat(judge(resolved, 300, false).state()).isEqualTo(State.PENDING);
        resolve(360, "INC-1");
        assertThat(judge(resolved, 400, false).state()).isEqualTo(State.MET);
        assertThat(judge(resolved, 400, false).doneAt()).isEqualTo(Duration.ofSeconds(360));
    }

    @Test
    void a_tracker_reports_each_judgement_once_and_adds_its_points() {
        ExpectationTracker tracker = new ExpectationTracker(List.of(expect("call", ExpectationKind.ANSWER, 60),
                expect("call", ExpectationKind.DECLARE, 60)));
        call(0);
        at(30, new MessageAnswered("call", "We are on it", "bo"));
        timeline.forEach(tracker::observe);
        var first = tracker.decide(Duration.ofSeconds(30));
        assertThat(first).singleElement().satisfies(e -> {
            assertThat(e.expectationId()).isEqualTo("call/answer");
            assertThat(e.met()).isTrue();
        });
        assertThat(tracker.decide(Duration.ofSeconds(31))).isEmpty();
        assertThat(tracker.finish(Duration.ofSeconds(40))).singleElement()
                .satisfies(e -> assertThat(e.met()).isFalse());
        assertThat(tracker.points()).isEqualTo(100);
    }

    @Test
    void a_missed_expectation_with_a_penalty_takes_it_from_the_score() {
        Expectation declare = new Expectation("call/declare", "call", ExpectationKind.DECLARE, Duration.ofSeconds(60),
                Optional.empty(), 100, 250);
        ExpectationTracker tracker = new ExpectationTracker(List.of(expect("call", ExpectationKind.ANSWER, 60), declare));
        call(0);
        at(30, new MessageAnswered("call", "We are on it", "bo"));
        timeline.forEach(tracker::observe);
        assertThat(judge(declare, 60, false).points()).as("pending costs nothing").isZero();
        assertThat(tracker.decide(Duration.ofSeconds(61))).extracting(e -> e.expectationId() + " " + e.points())
                .containsExactlyInAnyOrder("call/answer 100.0", "call/declare -250.0");
        assertThat(tracker.points()).isEqualTo(-150);
    }
}
