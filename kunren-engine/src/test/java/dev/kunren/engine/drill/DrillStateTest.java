package dev.kunren.engine.drill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DrillStateTest {

    @Test
    void a_drill_runs_pauses_resumes_and_ends() {
        DrillState state = DrillState.CREATED.moveTo(DrillState.RUNNING)
                .moveTo(DrillState.PAUSED).moveTo(DrillState.RUNNING).moveTo(DrillState.ENDED);

        assertThat(state).isEqualTo(DrillState.ENDED);
    }

    @Test
    void illegal_transitions_are_refused_with_the_legal_ones_named() {
        assertThatThrownBy(() -> DrillState.ENDED.moveTo(DrillState.RUNNING))
                .isInstanceOf(IllegalDrillTransitionException.class)
                .hasMessage("a drill cannot go from ENDED to RUNNING; from ENDED it can go to []");
        assertThatThrownBy(() -> DrillState.CREATED.moveTo(DrillState.PAUSED))
                .hasMessage("a drill cannot go from CREATED to PAUSED; from CREATED it can go to [RUNNING, ENDED]");
        assertThatThrownBy(() -> DrillState.RUNNING.moveTo(DrillState.RUNNING))
                .isInstanceOf(IllegalDrillTransitionException.class);
    }
}
