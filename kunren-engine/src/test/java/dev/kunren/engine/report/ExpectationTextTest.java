package dev.kunren.engine.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kunren.engine.expectation.Expectation;
import dev.kunren.engine.expectation.ExpectationKind;
import dev.kunren.engine.expectation.ExpectationTracker;
import dev.kunren.engine.timeline.EventRecord;
import dev.kunren.engine.timeline.TimelineEvent;
import dev.kunren.engine.timeline.TimelineEvent.AlertAcknowledged;
import dev.kunren.engine.timeline.TimelineEvent.AlertChanged;
import dev.kunren.engine.timeline.TimelineEvent.AlertState;
import dev.kunren.engine.timeline.TimelineEvent.ExpectationJudged;
import dev.kunren.engine.timeline.TimelineEvent.IncidentDeclared;
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

/**
 * The report says each judgement again from its recorded times: in English exactly what the live
 * judge wrote, and the same facts in Japanese.
 */
class ExpectationTextTest {

    private final List<EventRecord> timeline = new ArrayList<>();

    private void at(int seconds, TimelineEvent event) {
        timeline.add(new EventRecord("d", timeline.size() + 1, "red", Duration.ofSeconds(seconds), Instant.EPOCH, event));
    }

    private static Expectation expect(String inject, ExpectationKind kind, int limitSeconds, String alert) {
        return new Expectation(inject + "/" + kind.key(), inject, kind, Duration.ofSeconds(limitSeconds), Optional.ofNullable(alert),
                100, 0);
    }

    /** Runs the live tracker as a drill does, second by second to {@code end}; every judgement with its drill time. */
    private List<EventRecord> judged(List<Expectation> expectations, int end) {
        ExpectationTracker tracker = new ExpectationTracker(expectations);
        List<EventRecord> judged = new ArrayList<>();
        for (int second = 0; second <= end; second++) {
            Duration now = Duration.ofSeconds(second);
            timeline.stream().filter(r -> r.at().equals(now)).forEach(tracker::observe);
            for (ExpectationJudged j : second < end ? tracker.decide(Duration.ofSeconds(second)) : tracker.finish(Duration.ofSeconds(end))) {
                judged.add(new EventRecord("d", 0, "red", Duration.ofSeconds(second), Instant.EPOCH, j));
            }
        }
        return judged;
    }

    @Test
    void english_says_what_the_live_judge_said_and_japanese_the_same_facts() {
        at(10, new MessageDelivered("call", "Sato", "phone", "customer-liaison", Map.of("en", "Down?")));
        at(20, new AlertChanged("down", "critical", AlertState.FIRING, "down", 1, ""));
        at(40, new MessageAnswered("call", "Yes", "bo"));
        at(250, new AlertAcknowledged("down", "ann"));
        at(300, new IncidentDeclared("INC-1", "Checkout fails", "SEV2", List.of(), "ann", ""));
        at(330, new PublicUpdatePosted("INC-1", "INVESTIGATING", "On it", Map.of(), "bo"));
        List<Expectation> expectations = List.of(
                expect("call", ExpectationKind.ANSWER, 60, null),
                expect("call", ExpectationKind.ACKNOWLEDGE, 120, "down"),
                expect("call", ExpectationKind.DECLARE, 600, null),
                expect("call", ExpectationKind.FIRST_INTERNAL_UPDATE, 120, null),
                expect("call", ExpectationKind.PUBLIC_UPDATES_EVERY, 100, null),
                expect("call", ExpectationKind.RESOLVE, 900, null));

        List<EventRecord> judged = judged(expectations, 700);
        assertThat(judged).hasSize(6);
        for (EventRecord record : judged) {
            ExpectationJudged j = (ExpectationJudged) record.event();
            assertThat(ExpectationText.detail(j, record.at(), Words.english())).as(j.expectationId()).isEqualTo(j.detail());
        }
        assertThat(judged).extracting(r -> ExpectationText.detail((ExpectationJudged) r.event(), r.at(), Words.of("ja")))
                .containsExactlyInAnyOrder(
                        "30秒 で返答（期限 1分00秒）",
                        "2分00秒 以内にアラート「down」は確認されなかった",
                        "4分50秒 でインシデントを宣言（期限 10分00秒）",
                        "2分00秒 以内に社内共有は投稿されなかった",
                        "5分30秒 から 1分40秒 を超えて顧客向け告知がなかった",
                        "訓練の終了までにインシデントは解決されなかった");
    }

    @Test
    void a_judgement_recorded_before_its_limit_was_kept_is_reported_as_recorded() {
        ExpectationJudged old = new ExpectationJudged("call/answer", "call", "answer", true, Duration.ZERO, Duration.ofMinutes(1),
                Duration.ofSeconds(5), 100, "answered after 5.0s (limit 1m 00s)", null, null);
        assertThat(ExpectationText.detail(old, Duration.ofSeconds(5), Words.of("ja"))).isEqualTo("answered after 5.0s (limit 1m 00s)");
    }
}
