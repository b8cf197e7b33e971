package dev.kunren.engine.scenario;

import dev.kunren.engine.alert.AlertRule;
import dev.kunren.engine.expectation.Expectation;
import dev.kunren.engine.fault.FaultSpec;
import dev.kunren.engine.scoring.ScoringRules;
import dev.kunren.engine.timeline.TimelineEvent.PostmortemExpected;
import dev.kunren.engine.traffic.TrafficSpec;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A drill scenario, as read and checked from a scenario file (format v1; see
 * docs/scenario-format.md).
 *
 * @param environment  the practice system each team gets; empty for a tabletop scenario, which
 *                     runs on message injects alone
 * @param messages     message injects, in the order of their time
 * @param expectations what the team is expected to do after each inject, fault or message
 * @param postmortem   how soon after the drill each team's postmortem is expected, if it is
 * @param titles       the title per language, when the scenario gives it in several ({@link #title} is the default)
 * @param purposes     the purpose per language, likewise
 * @param external     the team's own systems, when the drill runs on them instead of the practice shop
 * @param stopConditions guards on the team's own systems: one that fires halts every fault
 * @param oncall       who an alert that fires pages, and how it escalates; empty: nobody is paged
 * @param rubric       what observers score each team on, 0 to 3 each
 */
public record Scenario(
        String name,
        String title,
        String purpose,
        String difficulty,
        Duration duration,
        Optional<Environment> environment,
        SteadyState steadyState,
        TrafficSpec traffic,
        List<AlertRule> alerts,
        List<FaultSpec> injects,
        ScoringRules scoring,
        Optional<String> webhook,
        IncidentSettings incident,
        List<MessageSpec> messages,
        List<Expectation> expectations,
        Optional<PostmortemExpected> postmortem,
        Map<String, String> titles,
        Map<String, String> purposes,
        Optional<ExternalEnvironment> external,
        List<dev.kunren.engine.alert.AlertRule> stopConditions,
        Optional<dev.kunren.engine.oncall.OnCall> oncall,
        List<dev.kunren.engine.timeline.RubricCriterion> rubric) {

    public static final int FORMAT_VERSION = 1;

    /** A scenario without a system: the team responds to messages only. */
    public boolean tabletop() {
        return environment.isEmpty() && external.isEmpty();
    }

    /** Customer requests per drill second: the shop's traffic, or the probes of the team's own systems. */
    public double baseRatePerSecond() {
        return external.map(ExternalEnvironment::probeRate).orElse(traffic.ratePerSecond());
    }

    /** Customer requests per drill second at the scenario's busiest, counting traffic spikes. */
    public double peakRatePerSecond() {
        double factor = 1;
        for (FaultSpec inject : injects) {
            if (inject.type() == dev.kunren.engine.fault.FaultType.TRAFFIC_SPIKE) {
                factor = Math.max(factor, inject.param("factor"));
            }
        }
        return baseRatePerSecond() * factor;
    }
}
