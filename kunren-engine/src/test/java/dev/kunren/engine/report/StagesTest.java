package dev.kunren.engine.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kunren.engine.timeline.EventRecord;
import dev.kunren.engine.timeline.TimelineEvent;
import dev.kunren.engine.timeline.TimelineEvent.AlertAcknowledged;
import dev.kunren.engine.timeline.TimelineEvent.AlertChanged;
import dev.kunren.engine.timeline.TimelineEvent.AlertState;
import dev.kunren.engine.timeline.TimelineEvent.DrillEnded;
import dev.kunren.engine.timeline.TimelineEvent.DrillPaused;
import dev.kunren.engine.timeline.TimelineEvent.DrillResumed;
import dev.kunren.engine.timeline.TimelineEvent.DrillStarted;
import dev.kunren.engine.timeline.TimelineEvent.EndReason;
import dev.kunren.engine.timeline.TimelineEvent.FaultInjected;
import dev.kunren.engine.timeline.TimelineEvent.FaultReverted;
import dev.kunren.engine.timeline.TimelineEvent.IncidentDeclared;
import dev.kunren.engine.timeline.TimelineEvent.IncidentStatusChanged;
import dev.kunren.engine.timeline.TimelineEvent.InternalUpdatePosted;
import dev.kunren.engine.timeline.TimelineEvent.MilestoneCorrected;
import dev.kunren.engine.timeline.TimelineEvent.PublicUpdatePosted;
import dev.kunren.engine.timeline.TimelineEvent.RevertReason;
import dev.kunren.engine.timeline.TimelineEvent.WindowClosed;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every stage metric on timelines with known times, including the edges the debrief must get right. */
class StagesTest {

    private static final Instant START = Instant.parse("2026-11-24T09:00:00Z");
    private final List<EventRecord> timeline = new ArrayList<>();
    private Duration realOffset = Duration.ZERO;
    private double total;

    private void at(int seconds, TimelineEvent event) {
        timeline.add(new EventRecord("d1", timeline.size() + 1, "red", Duration.ofSeconds(seconds),
                START.plusSeconds(seconds).plus(realOffset), event));
    }

    private void started() {
        timeline.add(new EventRecord("d1", 1, "", Duration.ZERO, START, new DrillStarted("s", "S", 1, 42,
                Duration.ofSeconds(600), 0.99, Duration.ofMillis(300), Duration.ofSeconds(10), List.of("web-1", "web-2"),
                List.of("red"))));
    }

    /** 10 s windows from {@code from} to {@code to}, inside or outside objective. */
    private void windows(int from, int to, boolean within) {
        for (int end = from + 10; end <= to; end += 10) {
            total += within ? 100 : -100;
            at(end, new WindowClosed(end / 10 - 1, Duration.ofSeconds(end - 10), Duration.ofSeconds(end), 100, within ? 0 : 20,
                    within ? 100 : 80, 5, 20, within ? 100 : -100, total, within, 0));
        }
    }

    private static FaultInjected fault(String id, List<String> detectedBy) {
        return new FaultInjected(id, "kill-instance", "web-1", Map.of(), Duration.ofSeconds(600), detectedBy);
    }

    private static AlertChanged firing(String rule) {
        return new AlertChanged(rule, "critical", AlertState.FIRING, rule, 1, "x");
    }

    /** The report of the events written so far, put in time order as a real timeline is (helpers write windows in bulk). */
    private DrillReport report() {
        List<EventRecord> ordered = new ArrayList<>(timeline);
        ordered.sort(java.util.Comparator.comparing(EventRecord::at));
        return ReportBuilder.build(ordered, "red");
    }

    private Map<String, Stage> stages() {
        Map<String, Stage> byKey = new LinkedHashMap<>();
        report().stages().forEach(s -> byKey.put(s.key(), s));
        return byKey;
    }

    private static Duration s(int seconds) {
        return Duration.ofSeconds(seconds);
    }

    @Test
    void every_stage_is_measured_exactly_from_the_fault_start() {
        started();
        windows(0, 60, true);
        at(60, fault("kill", List.of("down")));
        windows(60, 120, false);
        at(80, firing("down"));
        at(95, new AlertAcknowledged("down", "ann"));
        at(100, new IncidentDeclared("INC-1", "Checkout fails", "SEV2", List.of(), "ann", "down"));
        at(130, new InternalUpdatePosted("INC-1", "c", "a", "", "ann"));
        at(160, new PublicUpdatePosted("INC-1", "INVESTIGATING", "We are on it", Map.of(), "bo"));
        at(170, new FaultReverted("kill", RevertReason.FIXED));
        windows(120, 240, true);
        at(400, new PublicUpdatePosted("INC-1", "MONITORING", "Fixed, watching", Map.of(), "bo"));
        at(460, new IncidentStatusChanged("INC-1", "INVESTIGATING", "RESOLVED", "ann"));
        at(600, new DrillEnded(EndReason.COMPLETED, "ran its course"));

        Map<String, Stage> stages = stages();
        assertThat(stages.get("time-to-detect").took()).isEqualTo(s(20));
        assertThat(stages.get("time-to-detect").note()).isEqualTo("alert down fired");
        assertThat(stages.get("time-to-acknowledge").took()).isEqualTo(s(15));
        assertThat(stages.get("time-to-acknowledge").from()).isEqualTo("the first alert");
        assertThat(stages.get("time-to-declare").took()).isEqualTo(s(40));
        assertThat(stages.get("time-to-first-internal-update").took()).isEqualTo(s(70));
        assertThat(stages.get("time-to-first-public-update").took()).isEqualTo(s(100));
        assertThat(stages.get("first-public-update-after-declaring").took()).isEqualTo(s(60));
        assertThat(stages.get("time-to-mitigate").took()).as("the last window outside objective ended at 120").isEqualTo(s(60));
        assertThat(stages.get("time-to-resolve").took()).isEqualTo(s(400));
        assertThat(stages.get("time-to-resolve").from()).isEqualTo("the start of fault kill");
        assertThat(stages.get("resolve-after-declaring").took()).isEqualTo(s(360));
        assertThat(stages.get("resolve-after-declaring").from()).isEqualTo("the declaration");
        assertThat(stages.get("largest-public-update-gap").took()).as("160 → 400").isEqualTo(s(240));
    }

    @Test
    void a_fault_never_detected_has_no_detection_acknowledgement_or_declaration() {
        started();
        at(60, fault("kill", List.of()));
        at(600, new DrillEnded(EndReason.COMPLETED, "ran its course"));

        Map<String, Stage> stages = stages();
        assertThat(stages.get("time-to-detect").reached()).isFalse();
        assertThat(stages.get("time-to-detect").note()).isEqualTo("never detected: no alert fired and no incident was declared");
        assertThat(stages.get("time-to-acknowledge").note()).isEqualTo("no alert fired");
        assertThat(stages.get("time-to-declare").note()).isEqualTo("no incident declared");
        assertThat(stages.get("time-to-resolve").reached()).isFalse();
        assertThat(stages.get("largest-public-update-gap").note()).isEqualTo("no public update posted");
        assertThat(stages.get("time-to-mitigate").note()).isEqualTo("no customer impact");
    }

    @Test
    void an_incident_declared_before_any_alert_is_a_human_detection() {
        started();
        at(60, fault("kill", List.of()));
        at(90, new IncidentDeclared("INC-1", "Customers say checkout fails", "SEV1", List.of(), "ann", ""));
        at(120, firing("down"));
        at(150, new AlertAcknowledged("down", "bo"));
        at(600, new DrillEnded(EndReason.COMPLETED, "ran its course"));

        Map<String, Stage> stages = stages();
        assertThat(stages.get("time-to-detect").took()).isEqualTo(s(30));
        assertThat(stages.get("time-to-detect").note()).isEqualTo("a person noticed: INC-1 declared before any alert");
        assertThat(stages.get("time-to-acknowledge").took()).as("from the first alert, which came later").isEqualTo(s(30));
        assertThat(stages.get("time-to-declare").took()).isEqualTo(s(30));
    }

    @Test
    void a_corrected_milestone_counts_and_says_who_corrected_it() {
        started();
        at(60, fault("kill", List.of()));
        at(90, new IncidentDeclared("INC-1", "Checkout fails", "SEV1", List.of(), "ann", ""));
        at(200, new MilestoneCorrected("INC-1", "DETECTED", s(70), "ann", "Bo saw the errors at 01:10 on his phone"));
        at(600, new DrillEnded(EndReason.COMPLETED, "ran its course"));

        Stage detect = stages().get("time-to-detect");
        assertThat(detect.took()).isEqualTo(s(10));
        assertThat(detect.note()).endsWith("(corrected by ann from 1m 30s: Bo saw the errors at 01:10 on his phone)");
    }

    @Test
    void an_update_never_posted_leaves_the_update_stages_unreached() {
        started();
        at(60, fault("kill", List.of()));
        at(80, firing("down"));
        at(100, new IncidentDeclared("INC-1", "Checkout fails", "SEV2", List.of(), "ann", "down"));
        at(300, new IncidentStatusChanged("INC-1", "INVESTIGATING", "RESOLVED", "ann"));
        at(600, new DrillEnded(EndReason.COMPLETED, "ran its course"));

        Map<String, Stage> stages = stages();
        assertThat(stages.get("time-to-first-public-update").reached()).isFalse();
        assertThat(stages.get("time-to-first-public-update").note()).isEqualTo("no public update posted");
        assertThat(stages.get("first-public-update-after-declaring").reached()).isFalse();
        assertThat(stages.get("time-to-first-internal-update").note()).isEqualTo("no internal update posted");
        assertThat(stages.get("time-to-acknowledge").note()).isEqualTo("never acknowledged");
        assertThat(stages.get("time-to-resolve").took()).isEqualTo(s(240));
    }

    @Test
    void two_overlapping_faults_are_measured_from_the_first_and_mitigated_when_both_are() {
        started();
        windows(0, 60, true);
        at(60, fault("kill", List.of("down")));
        windows(60, 90, false);
        at(75, firing("cpu-high"));  // not one of the first fault's detectors
        at(90, fault("hog", List.of("cpu-high")));
        at(95, firing("down"));
        windows(90, 150, false);
        windows(150, 300, true);
        at(600, new DrillEnded(EndReason.COMPLETED, "ran its course"));

        DrillReport report = report();
        Map<String, Stage> stages = new LinkedHashMap<>();
        report.stages().forEach(st -> stages.put(st.key(), st));
        assertThat(stages.get("time-to-detect").took()).isEqualTo(s(35));
        assertThat(stages.get("time-to-detect").note()).isEqualTo("alert down fired");
        assertThat(stages.get("time-to-mitigate").took()).as("60 → 150, when the second fault's impact ended").isEqualTo(s(90));
        assertThat(report.faults()).extracting(DrillReport.FaultReport::id).containsExactly("kill", "hog");
        assertThat(report.faults().get(1).timeToDetect()).as("cpu-high fired before hog began: it does not detect it").isNull();
    }

    @Test
    void a_pause_is_left_out_of_every_time_and_said_so() {
        started();
        at(60, fault("kill", List.of()));
        at(100, new DrillPaused());
        realOffset = Duration.ofSeconds(45);  // 45 s of real time pass while drill time stands at 100
        at(100, new DrillResumed());
        at(130, new IncidentDeclared("INC-1", "Checkout fails", "SEV2", List.of(), "ann", ""));
        at(600, new DrillEnded(EndReason.COMPLETED, "ran its course"));

        DrillReport report = report();
        assertThat(report.pauses()).containsExactly(new DrillReport.Pause(s(100), s(45)));
        assertThat(report.stages().stream().filter(st -> st.key().equals("time-to-declare")).findFirst().orElseThrow().took())
                .isEqualTo(s(70));
        assertThat(MarkdownReport.render(report)).contains("- Paused 1 time: at 1m 40s for 45s of real time. "
                + "Drill time stood still meanwhile, so no time below counts a pause.");
    }

    @Test
    void the_timeline_reveals_what_was_hidden_from_the_team() {
        started();
        at(60, fault("kill", List.of()));
        at(80, firing("down"));
        at(600, new DrillEnded(EndReason.COMPLETED, "ran its course"));

        List<DrillReport.TimelineEntry> entries = report().timeline();
        assertThat(entries).extracting(e -> e.text() + (e.revealed() ? " [revealed]" : "")).containsExactly(
                "Drill started: S", "Fault kill: kill-instance on web-1 [revealed]", "Alert down firing: down",
                "Drill ended (completed)");
    }

    @Test
    void progress_compares_each_stage_with_the_drill_before() {
        started();
        at(60, fault("kill", List.of()));
        at(120, firing("down"));
        at(600, new DrillEnded(EndReason.COMPLETED, "ran its course"));
        DrillReport before = report();
        timeline.clear();
        started();
        at(60, fault("kill", List.of()));
        at(90, firing("down"));
        at(600, new DrillEnded(EndReason.COMPLETED, "ran its course"));
        DrillReport after = report();

        Progress progress = Progress.of(List.of(before, after));
        Progress.Row detect = progress.rows().stream().filter(r -> r.key().equals("time-to-detect")).findFirst().orElseThrow();
        assertThat(detect.values()).containsExactly(s(60), s(30));
        assertThat(detect.change()).isEqualTo(s(-30));
        assertThat(progress.rows().stream().filter(r -> r.key().equals("time-to-declare")).findFirst().orElseThrow().change())
                .as("never declared in either").isNull();
        assertThat(progress.trendSvg()).startsWith("<svg").contains("Time to detect");
    }
}
