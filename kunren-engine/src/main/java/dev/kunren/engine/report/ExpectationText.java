package dev.kunren.engine.report;

import dev.kunren.engine.postmortem.PostmortemDeadline;
import dev.kunren.engine.timeline.TimelineEvent.ExpectationJudged;
import java.time.Duration;

/**
 * An expectation's judgement said again in the report's language, from its recorded times: the
 * live judge wrote its detail in English when it decided. Drills recorded before the limit was
 * kept with the judgement keep that English detail.
 */
public final class ExpectationText {

    private static final String CADENCE = "public-updates-every";

    private ExpectationText() {
    }

    /** The judgement {@code j}, recorded at drill time {@code judgedAt}, in the language of {@code w}. */
    public static String detail(ExpectationJudged j, Duration judgedAt, Words w) {
        if (j.limit() == null) {
            return j.detail();
        }
        String limit = w.duration(j.limit());
        boolean firstUpdate = j.kind().startsWith("first-");
        if ((j.kind().equals(CADENCE) || firstUpdate) && j.deadline() == null && !j.met()) {
            return w.t("expect.noIncident");
        }
        if (j.kind().equals(CADENCE)) {
            return j.met() ? w.t("expect.cadence.met", limit)
                    : w.t("expect.cadence.missed", limit, w.duration(j.deadline().minus(j.limit())));
        }
        String alert = j.alert() == null || j.alert().isEmpty() ? w.t("expect.anAlert") : w.t("expect.alert", j.alert());
        String did = w.t("expect.did." + j.kind(), alert);
        if (j.met()) {
            Duration took = j.doneAt().minus(j.startedAt());
            return took.isNegative() ? w.t("expect.metBefore", did, limit) : w.t("expect.metAfter", did, w.duration(took), limit);
        }
        if (j.doneAt() != null) {
            return w.t("expect.late", did, w.duration(j.doneAt().minus(j.startedAt())), limit);
        }
        String didNot = w.t("expect.didNot." + j.kind(), alert);
        // a postmortem is judged missed only once its deadline has passed, though recorded at the drill's end
        boolean pastDeadline = judgedAt.compareTo(j.deadline()) > 0 || j.kind().equals(PostmortemDeadline.KIND);
        return pastDeadline ? w.t("expect.notWithin", didNot, limit) : w.t("expect.notBeforeEnd", didNot);
    }
}
