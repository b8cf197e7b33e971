package dev.kunren.engine.expectation;

import dev.kunren.engine.timeline.EventRecord;
import dev.kunren.engine.timeline.TimelineEvent.ExpectationJudged;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Judges one team's expectations live: fed the team's events as they are recorded, asked once a
 * drill second which expectations have just been met or missed. Each is judged once; the
 * judgement is final.
 */
public final class ExpectationTracker {

    private final ExpectationJudge judge;
    private final Set<String> judged = new HashSet<>();
    private double points;

    public ExpectationTracker(List<Expectation> expectations) {
        this.judge = new ExpectationJudge(expectations);
    }

    public synchronized void observe(EventRecord record) {
        judge.observe(record);
    }

    /** The expectations decided since the last call, as events to record. */
    public synchronized List<ExpectationJudged> decide(Duration now) {
        return decide(now, false);
    }

    /** At the drill's end: everything still pending is decided (waiting ones are not judged). */
    public synchronized List<ExpectationJudged> finish(Duration now) {
        return decide(now, true);
    }

    /**
     * Takes the judgements a stopped process recorded as final: a drill taken back after a crash
     * judges each expectation once still, and counts the points it gave.
     */
    public synchronized void restoreJudged(List<ExpectationJudged> recorded) {
        for (ExpectationJudged j : recorded) {
            if (judged.add(j.expectationId())) {
                points += j.points();
            }
        }
    }

    /** Points of the expectations met so far. */
    public synchronized double points() {
        return points;
    }

    /** Every expectation as it stands now, for the team's console. */
    public synchronized List<ExpectationResult> standing(Duration now) {
        return judge.judge(now, false);
    }

    private List<ExpectationJudged> decide(Duration now, boolean over) {
        if (judged.size() == judge.expectations().size()) {
            return List.of();
        }
        List<ExpectationJudged> decided = new ArrayList<>();
        for (ExpectationResult result : judge.judge(now, over)) {
            if (result.decided() && judged.add(result.expectation().id())) {
                points += result.points();
                decided.add(event(result));
            }
        }
        return decided;
    }

    static ExpectationJudged event(ExpectationResult r) {
        Expectation e = r.expectation();
        return new ExpectationJudged(e.id(), e.inject(), e.kind().key(), r.state() == ExpectationResult.State.MET,
                r.startedAt(), r.deadline(), r.doneAt(), r.points(), r.detail(), e.limit(), e.alert().orElse(""));
    }
}
