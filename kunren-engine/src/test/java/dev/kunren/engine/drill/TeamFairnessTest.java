package dev.kunren.engine.drill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.kunren.engine.clock.ScaledDrillClock;
import dev.kunren.engine.report.DrillReport;
import dev.kunren.engine.report.ReportBuilder;
import dev.kunren.engine.scenario.Scenario;
import dev.kunren.engine.scenario.ScenarioLoader;
import dev.kunren.engine.timeline.Timeline;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Teams in one drill share a machine and nothing else: a 10× traffic spike and a dead instance in
 * team red's environment leave team blue's SLIs and score within 2% of a run without red.
 */
@Tag("slow")
class TeamFairnessTest {

    private static final Scenario SCENARIO = ScenarioLoader.parse("fairness.yaml", """
            name: fairness
            title: Fairness
            duration: 2m
            environment:
              instances: 2
              capacity: 10
            steadyState:
              window: 10s
              latencyP99: 300ms
            traffic:
              rate: 5
            injects:
              - id: red-in-the-news
                at: 20s
                fault: traffic-spike
                params:
                  factor: 10
                duration: 1m
                teams: [red]
              - id: red-web-1-dies
                at: 30s
                fault: kill-instance
                target: web-1
                duration: 1m
                teams: [red]
            """);

    private static List<DrillReport> run(List<String> teams) {
        Timeline timeline = new Timeline("fairness", record -> { }, Clock.systemUTC());
        new Drill(SCENARIO, new ScaledDrillClock(10), timeline, 11, teams, List.of(), p -> { }).run();
        return ReportBuilder.buildAll(timeline.records());
    }

    @Test
    void faults_in_one_teams_environment_leave_the_other_teams_slis_and_score_alone() {
        List<DrillReport> together = run(List.of("red", "blue"));
        DrillReport blueAlone = run(List.of("blue")).getFirst();
        DrillReport red = together.get(0);
        DrillReport blue = together.get(1);

        assertThat(red.team()).isEqualTo("red");
        assertThat(red.faults()).hasSize(2).allSatisfy(f -> assertThat(f.customerImpact()).isTrue());
        assertThat(blue.faults()).isEmpty();
        assertThat(blue.totals().requestsNotSent()).isZero();
        assertThat(blue.totals().availabilityPercent())
                .isCloseTo(blueAlone.totals().availabilityPercent(), within(blueAlone.totals().availabilityPercent() * 0.02));
        assertThat(blue.totals().score()).isCloseTo(blueAlone.totals().score(), within(Math.abs(blueAlone.totals().score()) * 0.02));
        assertThat(blue.totals().windowsOutsideObjective()).isEqualTo(blueAlone.totals().windowsOutsideObjective()).isZero();
    }
}
