package dev.kunren.engine.incident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kunren.engine.timeline.EventRecord;
import dev.kunren.engine.timeline.TimelineEvent;
import dev.kunren.engine.timeline.TimelineEvent.AlertAcknowledged;
import dev.kunren.engine.timeline.TimelineEvent.AlertChanged;
import dev.kunren.engine.timeline.TimelineEvent.AlertState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Incidents from events: the status machine, role hand-overs, and milestones with their corrections. */
class IncidentsTest {

    private static final Duration NOW = Duration.ofSeconds(120);
    private final Incidents incidents = new Incidents(dev.kunren.engine.scenario.IncidentSettings.DEFAULT_ROLES);
    private long seq;

    private void at(int seconds, TimelineEvent event) {
        incidents.apply(new EventRecord("d", ++seq, "red", Duration.ofSeconds(seconds), Instant.EPOCH, event));
    }

    private String declareByHand(int seconds) {
        TimelineEvent.IncidentDeclared declared = incidents.declare("Checkout failing", "sev2", List.of("checkout"), "aiko", "");
        at(seconds, declared);
        return declared.incidentId();
    }

    @ParameterizedTest(name = "{0} → {1}: {2}")
    @CsvSource({
            "INVESTIGATING, identified, true", "INVESTIGATING, monitoring, true", "INVESTIGATING, resolved, true",
            "INVESTIGATING, investigating, false",
            "IDENTIFIED, investigating, true", "IDENTIFIED, monitoring, true", "IDENTIFIED, resolved, true", "IDENTIFIED, identified, false",
            "MONITORING, identified, true", "MONITORING, investigating, true", "MONITORING, resolved, true", "MONITORING, monitoring, false",
            "RESOLVED, investigating, true", "RESOLVED, identified, false", "RESOLVED, monitoring, false", "RESOLVED, resolved, false"})
    void status_moves_are_explicit(IncidentStatus from, String to, boolean allowed) {
        String id = declareByHand(10);
        switch (from) {
            case IDENTIFIED -> at(11, incidents.changeStatus(id, "identified", "aiko"));
            case MONITORING -> at(11, incidents.changeStatus(id, "monitoring", "aiko"));
            case RESOLVED -> at(11, incidents.changeStatus(id, "resolved", "aiko"));
            default -> { }
        }
        if (allowed) {
            at(20, incidents.changeStatus(id, to, "aiko"));
            assertThat(incidents.get(id).status().name()).isEqualToIgnoringCase(to);
        } else {
            assertThatThrownBy(() -> incidents.changeStatus(id, to, "aiko")).isInstanceOf(IncidentException.class)
                    .hasMessageStartingWith(id + " cannot go from " + from.name().toLowerCase() + " to " + to);
        }
    }

    @Test
    void a_resolved_incident_is_reopened_and_resolved_again_at_the_later_time() {
        String id = declareByHand(10);
        at(50, incidents.changeStatus(id, "resolved", "aiko"));
        assertThatThrownBy(() -> incidents.changeStatus(id, "monitoring", "aiko")).hasMessageContaining("reopen it (investigating) first");
        at(70, incidents.changeStatus(id, "investigating", "aiko"));
        assertThat(incidents.get(id).milestone(Milestone.RESOLVED)).isEmpty();
        at(90, incidents.changeStatus(id, "resolved", "aiko"));
        assertThat(incidents.get(id).milestone(Milestone.RESOLVED).orElseThrow().at()).isEqualTo(Duration.ofSeconds(90));
    }

    @Test
    void roles_are_handed_over_with_the_whole_history_kept() {
        String id = declareByHand(10);
        at(12, incidents.assign(id, "incident-commander", "aiko", "aiko"));
        at(15, incidents.assign(id, "customer-liaison", "ben", "aiko"));
        at(40, incidents.assign(id, "incident-commander", "chie", "aiko"));
        at(60, incidents.release(id, "customer-liaison", "ben"));

        Incident incident = incidents.get(id);
        assertThat(incident.holder("incident-commander")).hasValue("chie");
        assertThat(incident.holder("customer-liaison")).isEmpty();
        assertThat(incident.roleHistory()).containsExactly(
                new RoleTenure("incident-commander", "aiko", Duration.ofSeconds(12), Duration.ofSeconds(40), "aiko"),
                new RoleTenure("customer-liaison", "ben", Duration.ofSeconds(15), Duration.ofSeconds(60), "aiko"),
                new RoleTenure("incident-commander", "chie", Duration.ofSeconds(40), null, "aiko"));
        assertThatThrownBy(() -> incidents.assign(id, "incident-commander", "chie", "x")).hasMessage("chie already holds incident-commander");
        assertThatThrownBy(() -> incidents.assign(id, "janitor", "x", "x")).hasMessageStartingWith("no role janitor");
        assertThatThrownBy(() -> incidents.release(id, "scribe", "x")).hasMessage("nobody holds scribe");
    }

    @Test
    void milestones_come_from_the_alert_acknowledgement_declaration_and_status() {
        at(30, new AlertChanged("error-rate-high", "critical", AlertState.FIRING, "s", 5, "c"));
        at(45, new AlertAcknowledged("error-rate-high", "aiko"));
        TimelineEvent.IncidentDeclared declared = incidents.declare("Errors", "SEV1", List.of(), "aiko", "error-rate-high");
        at(60, declared);
        String id = declared.incidentId();
        at(80, incidents.internalUpdate(id, "checkout fails", "rolling back", "nothing", "aiko"));
        at(90, incidents.internalUpdate(id, "still failing", "failing over", "", "aiko"));
        at(100, incidents.changeStatus(id, "identified", "aiko"));
        at(120, incidents.changeStatus(id, "monitoring", "aiko"));
        at(150, incidents.changeStatus(id, "resolved", "aiko"));

        Incident incident = incidents.get(id);
        assertThat(incident.milestones()).extractingFromEntries(e -> e.getKey() + "@" + e.getValue().at().toSeconds())
                .containsExactlyInAnyOrder("DETECTED@30", "ACKNOWLEDGED@45", "DECLARED@60", "FIRST_INTERNAL_UPDATE@80",
                        "IDENTIFIED@100", "MITIGATED@120", "RESOLVED@150");
        assertThat(incident.entries()).extracting(Incident.Entry::kind).containsExactly("internal-update", "internal-update");
    }

    @Test
    void detection_and_acknowledgement_are_the_debriefs_the_alarm_began_with_the_first_alert_and_its_first_acknowledgement() {
        // as tried: availability-low at 01:10, acknowledged 2.6 s later; the incident declared from the
        // 01:16 web-instance-down at 01:24, after availability-low had resolved. The debrief says
        // detected at 01:10 and acknowledged 2.6 s after; the panel said 01:16 and 01:24.
        at(70, new AlertChanged("availability-low", "critical", AlertState.FIRING, "s", 5, "c"));
        incidents.apply(new EventRecord("d", ++seq, "red", Duration.ofMillis(72_600), Instant.EPOCH,
                new AlertAcknowledged("availability-low", "aiko")));
        at(76, new AlertChanged("web-instance-down", "critical", AlertState.FIRING, "s", 1, "c"));
        at(80, new AlertChanged("availability-low", "critical", AlertState.RESOLVED, "s", 100, "c"));
        TimelineEvent.IncidentDeclared declared = incidents.declare("Web down", "SEV2", List.of(), "aiko", "web-instance-down");
        at(84, declared);

        Incident incident = incidents.get(declared.incidentId());
        assertThat(incident.milestone(Milestone.DETECTED).orElseThrow().at()).isEqualTo(Duration.ofSeconds(70));
        assertThat(incident.milestone(Milestone.ACKNOWLEDGED).orElseThrow().at()).isEqualTo(Duration.ofMillis(72_600));

        // a later alarm, after everything resolved, begins its own
        at(90, new AlertChanged("web-instance-down", "critical", AlertState.RESOLVED, "s", 2, "c"));
        at(200, new AlertChanged("latency-high", "warning", AlertState.FIRING, "s", 900, "c"));
        TimelineEvent.IncidentDeclared byHand = incidents.declare("Slow", "SEV3", List.of(), "ben", "");
        at(230, byHand);
        assertThat(incidents.get(byHand.incidentId()).milestone(Milestone.DETECTED).orElseThrow().at())
                .as("declared by hand while an alert fires: the alarm detected it").isEqualTo(Duration.ofSeconds(200));
        assertThat(incidents.get(byHand.incidentId()).milestone(Milestone.ACKNOWLEDGED).orElseThrow().at())
                .as("nobody acknowledged: the declaration").isEqualTo(Duration.ofSeconds(230));
    }

    @Test
    void an_incident_declared_by_a_person_before_any_alert_is_detected_and_acknowledged_at_its_declaration() {
        String id = declareByHand(25);
        at(40, new AlertChanged("error-rate-high", "critical", AlertState.FIRING, "s", 5, "c"));

        assertThat(incidents.get(id).milestone(Milestone.DETECTED).orElseThrow().at()).isEqualTo(Duration.ofSeconds(25));
        assertThat(incidents.get(id).milestone(Milestone.ACKNOWLEDGED).orElseThrow().at()).isEqualTo(Duration.ofSeconds(25));
        assertThat(incidents.get(id).alertRule()).isEmpty();
        assertThatThrownBy(() -> incidents.declare("x", "SEV3", List.of(), "a", "never-fired"))
                .hasMessageContaining("has not fired");
    }

    @Test
    void a_corrected_milestone_keeps_its_recorded_time_and_every_correction() {
        String id = declareByHand(60);
        at(100, incidents.correct(id, "detected", Duration.ofSeconds(35), Duration.ofSeconds(100), "aiko", "a customer called at 0:35"));
        at(110, incidents.correct(id, "DETECTED", Duration.ofSeconds(33), Duration.ofSeconds(110), "ben", "the call log says 0:33"));

        MilestoneTime detected = incidents.get(id).milestone(Milestone.DETECTED).orElseThrow();
        assertThat(detected.recorded()).isEqualTo(Duration.ofSeconds(60));
        assertThat(detected.at()).isEqualTo(Duration.ofSeconds(33));
        assertThat(detected.corrections()).extracting(MilestoneTime.Correction::by, MilestoneTime.Correction::madeAt)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("aiko", Duration.ofSeconds(100)),
                        org.assertj.core.groups.Tuple.tuple("ben", Duration.ofSeconds(110)));
        assertThatThrownBy(() -> incidents.correct(id, "detected", Duration.ofSeconds(-1), NOW, "a", "r")).isInstanceOf(IncidentException.class);
        assertThatThrownBy(() -> incidents.correct(id, "detected", Duration.ofSeconds(1), NOW, "a", " ")).hasMessage("give a reason for the correction");
        assertThatThrownBy(() -> incidents.correct(id, "lunch", Duration.ofSeconds(1), NOW, "a", "r")).hasMessageStartingWith("milestone must be one of");
        assertThatThrownBy(() -> incidents.correct(id, "detected", NOW.plusSeconds(1), NOW, "a", "r"))
                .hasMessage("a milestone cannot be later than now (2:00 of drill time)");
    }

    @Test
    void bad_commands_are_refused_with_what_was_expected() {
        assertThatThrownBy(() -> incidents.declare(" ", "SEV1", List.of(), "a", "")).hasMessage("give a title");
        assertThatThrownBy(() -> incidents.declare("x", "SEV9", List.of(), "a", "")).hasMessage(
                "severity must be one of [sev1, sev2, sev3, sev4, sev5], not SEV9");
        assertThatThrownBy(() -> incidents.changeStatus("INC-7", "resolved", "a")).hasMessage("no incident INC-7");
        String id = declareByHand(1);
        assertThatThrownBy(() -> incidents.changeSeverity(id, "sev2", "a")).hasMessage(id + " is already SEV2");
        assertThatThrownBy(() -> incidents.actionItem(id, "fix", "ben", "tomorrow", "a"))
                .hasMessage("a due date must be YYYY-MM-DD, not tomorrow");
        assertThatThrownBy(() -> incidents.actionItem(id, "fix", "ben", "2026-02-30", "a")).isInstanceOf(IncidentException.class);
        assertThat(incidents.actionItem(id, "fix", "ben", " 2026-12-01 ", "a").due()).isEqualTo("2026-12-01");
        at(2, incidents.changeSeverity(id, "SEV1", "a"));
        assertThat(incidents.get(id).severity()).isEqualTo(Severity.SEV1);
    }
}
