package dev.kunren.engine.postmortem;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kunren.engine.report.DrillReport;
import dev.kunren.engine.report.ExpectationText;
import dev.kunren.engine.report.ReportBuilder;
import dev.kunren.engine.report.Words;
import dev.kunren.engine.timeline.EventRecord;
import dev.kunren.engine.timeline.TimelineEvent;
import dev.kunren.engine.timeline.TimelineEvent.DrillEnded;
import dev.kunren.engine.timeline.TimelineEvent.DrillStarted;
import dev.kunren.engine.timeline.TimelineEvent.EndReason;
import dev.kunren.engine.timeline.TimelineEvent.ExpectationJudged;
import dev.kunren.engine.timeline.TimelineEvent.PostmortemExpected;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** "Postmortem saved within 48h of the drill's end", judged after the drill, at its edges. */
class PostmortemDeadlineTest {

    private static final Instant START = Instant.parse("2026-11-24T10:00:00Z");
    private static final Duration END = Duration.ofMinutes(30);
    private static final Instant ENDED_AT = START.plus(END);
    private static final Instant DEADLINE = ENDED_AT.plus(Duration.ofHours(48));

    private final List<EventRecord> timeline = new ArrayList<>();

    private void record(String team, Duration at, TimelineEvent event) {
        timeline.add(new EventRecord("d", timeline.size() + 1, team, at, START.plus(at), event));
    }

    private void drill(boolean expectsPostmortem, boolean ended) {
        record("", Duration.ZERO, new DrillStarted("s", "S", 1, 42, END, 0.99, Duration.ofMillis(300), Duration.ofSeconds(10),
                List.of(), List.of("red", "blue")));
        if (expectsPostmortem) {
            record("", Duration.ZERO, new PostmortemExpected(Duration.ofHours(48), 100, 30));
        }
        if (ended) {
            record("", END, new DrillEnded(EndReason.COMPLETED, "ran its course"));
        }
    }

    private Optional<ExpectationJudged> due(Optional<Instant> saved, Instant now) {
        return PostmortemDeadline.due(timeline, "red", saved, now);
    }

    @Test
    void saved_in_time_is_met_for_its_points() {
        drill(true, true);
        Instant saved = ENDED_AT.plus(Duration.ofHours(3));
        ExpectationJudged judged = due(Optional.of(saved), saved).orElseThrow();
        assertThat(judged.met()).isTrue();
        assertThat(judged.points()).isEqualTo(100);
        assertThat(judged.kind()).isEqualTo("postmortem");
        assertThat(judged.startedAt()).isEqualTo(END);
        assertThat(judged.doneAt()).isEqualTo(END.plusHours(3));
        assertThat(judged.deadline()).isEqualTo(END.plusHours(48));
        assertThat(judged.detail()).isEqualTo("postmortem saved after 3h (limit 48h)");
    }

    @Test
    void saved_exactly_at_the_deadline_is_met_and_a_moment_later_missed_with_the_penalty() {
        drill(true, true);
        assertThat(due(Optional.of(DEADLINE), DEADLINE).orElseThrow().met()).isTrue();
        ExpectationJudged late = due(Optional.of(DEADLINE.plusMillis(1)), DEADLINE.plusMillis(1)).orElseThrow();
        assertThat(late.met()).isFalse();
        assertThat(late.points()).isEqualTo(-30);
        assertThat(late.detail()).startsWith("postmortem saved only after 48h");
    }

    @Test
    void saved_while_the_drill_ran_counts_as_saved_at_its_end() {
        drill(true, true);
        ExpectationJudged judged = due(Optional.of(START.plusSeconds(60)), ENDED_AT).orElseThrow();
        assertThat(judged.met()).isTrue();
        assertThat(judged.doneAt()).isEqualTo(END);
    }

    @Test
    void never_saved_waits_until_the_deadline_then_is_missed() {
        drill(true, true);
        assertThat(due(Optional.empty(), ENDED_AT.plusSeconds(1))).isEmpty();
        assertThat(due(Optional.empty(), DEADLINE)).as("exactly at the deadline there is still time").isEmpty();
        ExpectationJudged missed = due(Optional.empty(), DEADLINE.plusSeconds(1)).orElseThrow();
        assertThat(missed.met()).isFalse();
        assertThat(missed.doneAt()).isNull();
        assertThat(missed.points()).isEqualTo(-30);
        assertThat(missed.detail()).isEqualTo("no postmortem saved within 48h");
        assertThat(ExpectationText.detail(missed, END, Words.of("ja"))).contains("ポストモーテムは保存されなかった").contains("以内");
    }

    @Test
    void nothing_is_judged_before_the_end_without_an_expectation_or_twice() {
        drill(true, false);
        assertThat(due(Optional.of(START.plusSeconds(60)), START.plusSeconds(60))).as("the drill still runs").isEmpty();

        timeline.clear();
        drill(false, true);
        assertThat(due(Optional.of(ENDED_AT), ENDED_AT)).as("the scenario expects none").isEmpty();

        timeline.clear();
        drill(true, true);
        record("red", END, due(Optional.of(ENDED_AT), ENDED_AT).orElseThrow());
        assertThat(due(Optional.of(ENDED_AT), ENDED_AT)).as("red is judged already").isEmpty();
        assertThat(PostmortemDeadline.due(timeline, "blue", Optional.of(ENDED_AT), ENDED_AT)).as("blue is not").isPresent();
    }

    @Test
    void the_report_counts_the_judgement_in_the_score() {
        drill(true, true);
        record("red", END, due(Optional.of(ENDED_AT), ENDED_AT).orElseThrow());
        DrillReport red = ReportBuilder.build(timeline, "red");
        assertThat(red.expectations()).extracting(DrillReport.ExpectationReport::kind).containsExactly("postmortem");
        assertThat(red.totals().expectationPoints()).isEqualTo(100);
        assertThat(ReportBuilder.build(timeline, "blue").totals().expectationPoints()).isZero();
    }
}
