package dev.kunren.engine.alert;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kunren.engine.timeline.TimelineEvent.AlertChanged;
import dev.kunren.engine.timeline.TimelineEvent.AlertState;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class AlertEvaluatorTest {

    private final AlertRule cpuHigh = new AlertRule("cpu-high", "web CPU high", Metric.CPU, "web-*", true, 90,
            Duration.ofMinutes(5), "warning");

    private static MetricReadings cpu(double web1, double web2) {
        return new MetricReadings(Map.of("web-1", web1, "web-2", web2), 2, OptionalDouble.empty(), OptionalDouble.empty());
    }

    private static List<AlertState> states(List<AlertChanged> changes) {
        return changes.stream().map(AlertChanged::state).toList();
    }

    @Test
    void alert_fires_after_for_duration_elapses_and_not_before() {
        AlertEvaluator evaluator = new AlertEvaluator(List.of(cpuHigh));

        assertThat(states(evaluator.evaluate(Duration.ofSeconds(60), cpu(100, 10)))).containsExactly(AlertState.PENDING);
        assertThat(evaluator.evaluate(Duration.ofSeconds(359), cpu(100, 10))).isEmpty();
        List<AlertChanged> firing = evaluator.evaluate(Duration.ofSeconds(360), cpu(100, 10));

        assertThat(states(firing)).containsExactly(AlertState.FIRING);
        assertThat(firing.getFirst().value()).isEqualTo(100.0);
        assertThat(firing.getFirst().condition()).isEqualTo("cpu > 90%");
        assertThat(evaluator.firing()).containsExactly("cpu-high");
    }

    @Test
    void a_pending_alert_whose_condition_clears_goes_back_to_inactive() {
        AlertEvaluator evaluator = new AlertEvaluator(List.of(cpuHigh));
        evaluator.evaluate(Duration.ofSeconds(0), cpu(95, 0));

        assertThat(states(evaluator.evaluate(Duration.ofSeconds(10), cpu(50, 0)))).containsExactly(AlertState.INACTIVE);
        assertThat(states(evaluator.evaluate(Duration.ofSeconds(20), cpu(95, 0)))).containsExactly(AlertState.PENDING);
        assertThat(evaluator.evaluate(Duration.ofSeconds(319), cpu(95, 0))).isEmpty();
    }

    @Test
    void a_firing_alert_resolves_when_its_condition_clears() {
        AlertRule instant = new AlertRule("down", "down", Metric.HEALTHY_INSTANCES, "web-*", false, 2, Duration.ZERO, "critical");
        AlertEvaluator evaluator = new AlertEvaluator(List.of(instant));
        MetricReadings one = new MetricReadings(Map.of(), 1, OptionalDouble.empty(), OptionalDouble.empty());
        MetricReadings two = new MetricReadings(Map.of(), 2, OptionalDouble.empty(), OptionalDouble.empty());

        assertThat(states(evaluator.evaluate(Duration.ZERO, one))).containsExactly(AlertState.FIRING);
        assertThat(evaluator.evaluate(Duration.ofSeconds(1), one)).isEmpty();
        assertThat(states(evaluator.evaluate(Duration.ofSeconds(2), two))).containsExactly(AlertState.RESOLVED);
        assertThat(evaluator.firing()).isEmpty();
    }

    @Test
    void per_instance_rules_look_only_at_the_selected_instances() {
        AlertRule onlyWeb2 = new AlertRule("w2", "", Metric.CPU, "web-2", true, 90, Duration.ZERO, "info");
        AlertEvaluator evaluator = new AlertEvaluator(List.of(onlyWeb2));

        assertThat(evaluator.evaluate(Duration.ZERO, cpu(100, 10))).isEmpty();
        assertThat(states(evaluator.evaluate(Duration.ofSeconds(1), cpu(10, 100)))).containsExactly(AlertState.FIRING);
    }

    @Test
    void window_metrics_without_data_never_fire() {
        AlertRule availability = new AlertRule("a", "", Metric.AVAILABILITY, "web-*", false, 99, Duration.ZERO, "critical");
        AlertEvaluator evaluator = new AlertEvaluator(List.of(availability));

        assertThat(evaluator.evaluate(Duration.ZERO, cpu(0, 0))).isEmpty();
        MetricReadings bad = new MetricReadings(Map.of(), 2, OptionalDouble.of(80), OptionalDouble.of(10));
        assertThat(states(evaluator.evaluate(Duration.ofSeconds(10), bad))).containsExactly(AlertState.FIRING);
    }
}
