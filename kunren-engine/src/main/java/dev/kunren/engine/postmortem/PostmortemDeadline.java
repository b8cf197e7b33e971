package dev.kunren.engine.postmortem;

import dev.kunren.engine.report.ExpectationText;
import dev.kunren.engine.report.Words;
import dev.kunren.engine.timeline.EventRecord;
import dev.kunren.engine.timeline.TimelineEvent.DrillEnded;
import dev.kunren.engine.timeline.TimelineEvent.ExpectationJudged;
import dev.kunren.engine.timeline.TimelineEvent.PostmortemExpected;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Judges the expectation "postmortem saved within N of the drill's end" (DESIGN §7). Unlike the
 * live expectations it is decided after the drill: when the team first saves its postmortem, or
 * when a debrief is read after the deadline without one. Its times are drill times continued
 * at 1× past the end, so the report's timeline can place it.
 */
public final class PostmortemDeadline {

    /** The judgement's expectation id and kind. */
    public static final String KIND = "postmortem";

    private PostmortemDeadline() {
    }

    /**
     * The judgement to record now for {@code team}, if one is due: the scenario expects a
     * postmortem, the drill has ended, none is judged yet, and it has been saved or its deadline
     * has passed.
     *
     * @param records    the drill's events
     * @param firstSaved when the team first saved its postmortem, if it has
     */
    public static Optional<ExpectationJudged> due(List<EventRecord> records, String team,
                                                  Optional<Instant> firstSaved, Instant now) {
        Optional<PostmortemExpected> expected = records.stream().map(EventRecord::event)
                .filter(PostmortemExpected.class::isInstance).map(PostmortemExpected.class::cast).findFirst();
        Optional<EventRecord> ended = records.stream().filter(r -> r.event() instanceof DrillEnded).findFirst();
        boolean alreadyJudged = records.stream().anyMatch(r -> r.team().equals(team)
                && r.event() instanceof ExpectationJudged j && j.kind().equals(KIND));
        if (expected.isEmpty() || ended.isEmpty() || alreadyJudged) {
            return Optional.empty();
        }
        PostmortemExpected expectation = expected.get();
        Instant endedAt = ended.get().recordedAt();
        Instant deadline = endedAt.plus(expectation.within());
        if (firstSaved.isEmpty() && !now.isAfter(deadline)) {
            return Optional.empty();
        }
        Duration end = ended.get().at();
        boolean met = firstSaved.isPresent() && !firstSaved.get().isAfter(deadline);
        // saved while the drill still ran counts as saved at its end
        Duration doneAt = firstSaved.map(saved -> end.plus(nonNegative(Duration.between(endedAt, saved)))).orElse(null);
        ExpectationJudged judged = new ExpectationJudged(KIND, "", KIND, met, end, end.plus(expectation.within()), doneAt,
                met ? expectation.points() : 0 - expectation.penalty(), "", expectation.within(), "");
        return Optional.of(withDetail(judged, ExpectationText.detail(judged, end, Words.english())));
    }

    private static ExpectationJudged withDetail(ExpectationJudged j, String detail) {
        return new ExpectationJudged(j.expectationId(), j.inject(), j.kind(), j.met(), j.startedAt(), j.deadline(), j.doneAt(),
                j.points(), detail, j.limit(), j.alert());
    }

    private static Duration nonNegative(Duration d) {
        return d.isNegative() ? Duration.ZERO : d;
    }
}
