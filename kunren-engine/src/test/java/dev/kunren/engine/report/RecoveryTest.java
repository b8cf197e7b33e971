package dev.kunren.engine.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class RecoveryTest {

    private static final boolean OK = true;
    private static final boolean BAD = false;

    @Test
    void no_window_outside_objective_is_no_impact() {
        assertThat(Recovery.lastBadWindow(List.of(OK, OK, OK))).isEqualTo(Recovery.NO_IMPACT);
        assertThat(Recovery.lastBadWindow(List.of())).isEqualTo(Recovery.NO_IMPACT);
    }

    @Test
    void the_impact_ends_where_the_service_stays_within_objective() {
        assertThat(Recovery.lastBadWindow(List.of(BAD, BAD, OK, OK, OK, OK))).isEqualTo(1);
    }

    @Test
    void a_stray_bad_window_after_a_sustained_recovery_does_not_undo_it() {
        assertThat(Recovery.lastBadWindow(List.of(BAD, OK, OK, OK, OK, BAD))).isZero();
        assertThat(Recovery.lastBadWindow(List.of(BAD, OK, OK, OK, BAD, OK))).isZero();
    }

    @Test
    void a_bad_window_only_after_the_trouble_ended_and_the_service_settled_is_no_impact() {
        // the fault ended before window 2; windows 2–4 were within objective; window 5 broke it
        assertThat(Recovery.lastBadWindow(List.of(OK, OK, OK, OK, OK, BAD, OK, OK, OK), 2)).isEqualTo(Recovery.NO_IMPACT);
        // while the fault was on, the same bad window is its impact
        assertThat(Recovery.lastBadWindow(List.of(OK, OK, OK, OK, OK, BAD, OK, OK, OK), 9)).isEqualTo(5);
        // not settled since the end (only two good windows after it): the bad window still counts
        assertThat(Recovery.lastBadWindow(List.of(OK, OK, OK, OK, BAD, OK, OK, OK), 3)).isEqualTo(4);
    }

    @Test
    void a_relapse_before_the_recovery_held_extends_the_impact() {
        assertThat(Recovery.lastBadWindow(List.of(BAD, OK, OK, BAD, OK, OK, OK))).isEqualTo(3);
    }

    @Test
    void fewer_good_windows_than_a_sustained_run_count_when_no_more_windows_follow() {
        assertThat(Recovery.lastBadWindow(List.of(BAD, BAD, OK))).isEqualTo(1);
    }

    @Test
    void bad_to_the_last_window_is_not_recovered() {
        assertThat(Recovery.lastBadWindow(List.of(OK, BAD, OK, BAD))).isEqualTo(Recovery.NOT_RECOVERED);
        assertThat(Recovery.lastBadWindow(List.of(BAD))).isEqualTo(Recovery.NOT_RECOVERED);
    }
}
