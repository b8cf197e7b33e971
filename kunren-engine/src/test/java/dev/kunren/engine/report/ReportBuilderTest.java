package dev.kunren.engine.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kunren.engine.report.DrillReport.FaultReport;
import dev.kunren.engine.timeline.EventRecord;
import dev.kunren.engine.timeline.TimelineEvent;
import dev.kunren.engine.timeline.TimelineEvent.AlertChanged;
import dev.kunren.engine.timeline.TimelineEvent.AlertState;
import dev.kunren.engine.timeline.TimelineEvent.DrillEnded;
import dev.kunren.engine.timeline.TimelineEvent.DrillStarted;
import dev.kunren.engine.timeline.TimelineEvent.EndReason;
import dev.kunren.engine.timeline.TimelineEvent.FaultInjected;
import dev.kunren.engine.timeline.TimelineEvent.FaultReverted;
import dev.kunren.engine.timeline.TimelineEvent.RevertReason;
import dev.kunren.engine.timeline.TimelineEvent.WindowClosed;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReportBuilderTest {

    private final List<EventRecord> timeline = new ArrayList<>();
    private double total;

    private void at(int seconds, TimelineEvent event) {
        timeline.add(new EventRecord("d1", timeline.size() + 1, "", Duration.ofSeconds(seconds),
                Instant.parse("2026-11-24T00:00:00Z").plusSeconds(seconds), event));
    }

    /** A 10 s window ending at {@code end} with 100 requests. */
    private void window(int end, int failed, boolean within) {
        total += 100 - failed * 10;
        at(end, new WindowClosed(end / 10 - 1, Duration.ofSeconds(end - 10), Duration.ofSeconds(end), 100, failed,
                100 - failed, 5, 20, 100 - failed * 10, total, within, 0));
    }

    private void started() {
        at(0, new DrillStarted("s", "S", 10, 42, Duration.ofSeconds(120), 0.99, Duration.ofMillis(300),
                Duration.ofSeconds(10), List.of("web-1", "web-2"), List.of()));
    }

    private static FaultInjected fault(String id, int limit, List<String> detectedBy) {
        return new FaultInjected(id, "kill-instance", "web-1", Map.of(), Duration.ofSeconds(limit), detectedBy);
    }

    private static AlertChanged alert(String rule, AlertState state) {
        return new AlertChanged(rule, "critical", state, rule, 1, "x");
    }

    @Test
    void observers_scores_and_notes_show_in_the_report_with_each_observers_latest_score() {
        started();
        at(0, new TimelineEvent.RubricSet(List.of(
                new dev.kunren.engine.timeline.RubricCriterion("declared-early", "Declared before investigating",
                        Map.of("ja", "調査の前に宣言した")),
                new dev.kunren.engine.timeline.RubricCriterion("told-customers", "Told customers", Map.of()))));
        at(30, new TimelineEvent.EvaluationNoted("Paged the database owner <b>at once</b>", "Dai"));
        at(40, new TimelineEvent.RubricScored("declared-early", 1, "", "Dai"));
        at(50, new TimelineEvent.RubricScored("declared-early", 3, "after a second look", "Dai"));
        at(55, new TimelineEvent.RubricScored("declared-early", 2, "", "Emi"));
        DrillReport report = ReportBuilder.build(timeline, "");

        assertThat(report.evaluation().rubric()).first().satisfies(c -> {
            assertThat(c.scores()).containsExactly(Map.entry("Dai", 3), Map.entry("Emi", 2));
            assertThat(c.average()).isEqualTo(2.5);
        });
        assertThat(report.evaluation().rubric().get(1).average()).isNull();
        String md = MarkdownReport.render(report);
        assertThat(md).contains("## Evaluation").contains("| Declared before investigating | Dai 3/3 (after a second look); Emi 2/3 | 2.50/3 |")
                .contains("| Told customers | No observer scored this criterion. | — |")
                .contains("- `30s` Dai: Paged the database owner").doesNotContain("<b>");
        assertThat(MarkdownReport.render(ReportBuilder.build(timeline, "", Words.of("ja")))).contains("調査の前に宣言した");
    }

    @Test
    void time_to_detect_and_mitigate_come_from_the_timeline() {
        started();
        window(10, 0, true);
        window(20, 0, true);
        at(20, fault("kill", 80, List.of("down")));
        at(25, alert("unrelated", AlertState.FIRING));
        window(30, 30, false);
        at(35, alert("down", AlertState.FIRING));
        window(40, 10, false);
        window(50, 0, true);
        window(60, 0, true);
        at(80, new FaultReverted("kill", RevertReason.TIME_LIMIT));
        at(120, new DrillEnded(EndReason.COMPLETED, "ran its course"));

        DrillReport report = ReportBuilder.build(timeline);

        FaultReport fault = report.faults().getFirst();
        assertThat(fault.detectedBy()).isEqualTo("down");
        assertThat(fault.timeToDetect()).isEqualTo(Duration.ofSeconds(15));
        assertThat(fault.customerImpact()).isTrue();
        assertThat(fault.mitigatedAt()).isEqualTo(Duration.ofSeconds(40));
        assertThat(fault.timeToMitigate()).isEqualTo(Duration.ofSeconds(20));
        assertThat(fault.requestsFailed()).isEqualTo(40);
        assertThat(fault.revertedAt()).isEqualTo(Duration.ofSeconds(80));
        assertThat(fault.revertReason()).isEqualTo("time_limit");
        assertThat(report.totals().requests()).isEqualTo(600);
        assertThat(report.totals().failed()).isEqualTo(40);
        assertThat(report.totals().errorBudgetConsumedPercent()).isEqualTo(666.67);
        assertThat(report.totals().windowsOutsideObjective()).isEqualTo(2);
        assertThat(report.totals().score()).isEqualTo(total);
        assertThat(report.endReason()).isEqualTo("completed");
    }

    @Test
    void an_alert_that_fired_before_the_fault_does_not_count_as_detecting_it() {
        started();
        at(5, alert("down", AlertState.FIRING));
        at(20, fault("kill", 60, List.of()));
        window(30, 0, true);
        at(60, new DrillEnded(EndReason.COMPLETED, ""));

        FaultReport fault = ReportBuilder.build(timeline).faults().getFirst();

        assertThat(fault.detectedAt()).isNull();
        assertThat(fault.timeToDetect()).isNull();
        assertThat(fault.customerImpact()).isFalse();
        assertThat(fault.timeToMitigate()).isNull();
        assertThat(fault.requestsFailed()).isZero();
    }

    @Test
    void a_bad_window_long_after_the_team_fixed_the_fault_is_not_its_impact() {
        started();
        at(20, fault("hog", 480, List.of()));
        window(30, 1, true);
        at(40, new FaultReverted("hog", RevertReason.FIXED));
        for (int end = 40; end <= 90; end += 10) {
            window(end, 0, true);
        }
        window(100, 3, false);  // the machine hiccups, a minute after the fix
        window(110, 0, true);
        at(120, new DrillEnded(EndReason.COMPLETED, "ran its course"));

        DrillReport report = ReportBuilder.build(timeline);

        FaultReport fault = report.faults().getFirst();
        assertThat(fault.customerImpact()).as("the fault hurt nobody while it was on").isFalse();
        assertThat(fault.mitigatedAt()).isNull();
        assertThat(report.stages().stream().filter(st -> st.key().equals("time-to-mitigate")).findFirst().orElseThrow().took())
                .as("time to mitigate, in the stage times").isEqualTo(Duration.ZERO);
    }

    @Test
    void impact_lasting_to_the_end_is_not_mitigated() {
        started();
        at(10, fault("kill", 60, List.of()));
        window(20, 50, false);
        window(30, 50, false);
        at(30, new DrillEnded(EndReason.HALTED, "halted"));

        DrillReport report = ReportBuilder.build(timeline);

        assertThat(report.faults().getFirst().customerImpact()).isTrue();
        assertThat(report.faults().getFirst().mitigatedAt()).isNull();
        assertThat(report.faults().getFirst().requestsFailed()).isEqualTo(100);
        assertThat(report.endReason()).isEqualTo("halted");
    }

    @Test
    void each_fault_is_judged_on_the_windows_before_the_next_one_starts() {
        started();
        at(10, fault("first", 100, List.of()));
        window(20, 20, false);
        window(30, 0, true);
        at(40, fault("second", 100, List.of()));
        window(50, 0, true);
        window(60, 5, false);
        window(70, 0, true);
        at(70, new DrillEnded(EndReason.COMPLETED, ""));

        List<FaultReport> faults = ReportBuilder.build(timeline).faults();

        assertThat(faults.get(0).timeToMitigate()).isEqualTo(Duration.ofSeconds(10));
        assertThat(faults.get(0).requestsFailed()).isEqualTo(20);
        assertThat(faults.get(1).timeToMitigate()).isEqualTo(Duration.ofSeconds(20));
        assertThat(faults.get(1).requestsFailed()).isEqualTo(5);
    }

    @Test
    void markdown_report_shows_the_stage_times() {
        time_to_detect_and_mitigate_come_from_the_timeline();

        String markdown = MarkdownReport.render(ReportBuilder.build(timeline));

        assertThat(markdown).contains("| kill (kill-instance) | web-1 | 20s | 1m 20s (time limit) | 15s by down | 20s | not fixed | 40 | 666.67% |");
        assertThat(markdown).contains("| down | critical | 35s | 1 |");
    }

    @Test
    void a_join_or_an_acknowledgement_before_the_start_does_not_hide_the_drill() {
        at(0, new TimelineEvent.TeamJoined("Aiko"));
        started();
        window(10, 0, true);
        at(10, new DrillEnded(EndReason.COMPLETED, "ran its course"));

        assertThat(ReportBuilder.start(timeline)).hasValueSatisfying(r -> assertThat(r.seq()).isEqualTo(2));
        DrillReport report = ReportBuilder.build(timeline);
        assertThat(report.totals().requests()).isEqualTo(100);
        assertThat(report.startedAt()).isEqualTo(timeline.get(1).recordedAt());
    }
}
