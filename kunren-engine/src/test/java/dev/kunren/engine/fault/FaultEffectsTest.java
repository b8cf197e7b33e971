package dev.kunren.engine.fault;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kunren.engine.clock.ScaledDrillClock;
import dev.kunren.engine.drill.Drill;
import dev.kunren.engine.scenario.ScenarioLoader;
import dev.kunren.engine.timeline.EventRecord;
import dev.kunren.engine.timeline.Timeline;
import dev.kunren.engine.timeline.TimelineEvent.AlertChanged;
import dev.kunren.engine.timeline.TimelineEvent.AlertState;
import dev.kunren.engine.timeline.TimelineEvent.FaultReverted;
import dev.kunren.engine.timeline.TimelineEvent.WindowClosed;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Each fault has the effect a customer or an on-call would notice while it lasts, and none once
 * it is reverted: a 90-second drill at 20× per fault against the real shop. The fault starts at
 * 30s and lasts 30s; SLI windows are 10s of drill time (half a real second, longer than the
 * latency the test injects, so a window is never empty).
 */
@Tag("slow")
class FaultEffectsTest {

    private static List<EventRecord> drill(String fault, String target, String params, String alert) {
        return drill(fault, target, params, alert, 20);
    }

    private static List<EventRecord> drill(String fault, String target, String params, String alert, int rate) {
        String yaml = """
                name: effect
                title: Effect
                duration: 90s
                steadyState:
                  window: 10s
                  latencyP99: 200ms
                traffic:
                  rate: %d
                alerts:
                  - %s
                injects:
                  - at: 30s
                    fault: %s
                    %s
                    params: %s
                    duration: 30s
                """.formatted(rate, alert, fault, target.isEmpty() ? "" : "target: " + target, params);
        Timeline timeline = new Timeline("effect", record -> { }, Clock.systemUTC());
        new Drill(ScenarioLoader.parse("effect.yaml", yaml), new ScaledDrillClock(20), timeline, 3, List.of(), p -> { }).run();
        return timeline.records();
    }

    private static List<WindowClosed> windows(List<EventRecord> records, Predicate<WindowClosed> filter) {
        return records.stream().map(EventRecord::event).filter(WindowClosed.class::isInstance)
                .map(WindowClosed.class::cast).filter(filter).toList();
    }

    /** Requests customers made in a window, served or skipped because this machine fell behind. */
    private static long customers(WindowClosed window) {
        return window.requests() + window.notSent();
    }

    private static Predicate<WindowClosed> during() {
        return w -> w.start().compareTo(Duration.ofSeconds(40)) >= 0 && w.end().compareTo(Duration.ofSeconds(60)) <= 0;
    }

    private static Predicate<WindowClosed> after() {
        return w -> w.start().compareTo(Duration.ofSeconds(70)) >= 0;
    }

    private static List<AlertChanged> alerts(List<EventRecord> records) {
        return records.stream().filter(r -> r.event() instanceof AlertChanged).map(r -> (AlertChanged) r.event()).toList();
    }

    private static Duration firstFiring(List<EventRecord> records) {
        return records.stream().filter(r -> r.event() instanceof AlertChanged a && a.state() == AlertState.FIRING)
                .map(EventRecord::at).findFirst().orElseThrow();
    }

    @Test
    void latency_on_the_link_slows_that_instances_responses_until_reverted() {
        List<EventRecord> records = drill("latency", "web-1", "{ latency: 300ms }",
                "{ name: slow, metric: latency_p99, above: 200, for: 5s }");

        assertThat(windows(records, during())).allSatisfy(w -> assertThat(w.p99Millis()).isGreaterThan(300));
        assertThat(windows(records, after())).allSatisfy(w -> assertThat(w.p99Millis()).isLessThan(150));
        assertThat(firstFiring(records)).isBetween(Duration.ofSeconds(40), Duration.ofSeconds(55));
    }

    @Test
    void a_cpu_hog_pins_the_instance_cpu_until_reverted() {
        List<EventRecord> records = drill("cpu-hog", "web-2", "{ percent: 100 }",
                "{ name: hot, metric: cpu, instances: web-2, above: 90, for: 10s }");

        assertThat(alerts(records)).extracting(AlertChanged::state)
                .containsSubsequence(AlertState.PENDING, AlertState.FIRING, AlertState.RESOLVED);
        assertThat(firstFiring(records)).isBetween(Duration.ofSeconds(40), Duration.ofSeconds(42));
        assertThat(records).extracting(EventRecord::event).filteredOn(FaultReverted.class::isInstance).hasSize(1);
    }

    @Test
    void a_traffic_spike_multiplies_the_requests_until_reverted() {
        List<EventRecord> records = drill("traffic-spike", "", "{ factor: 3 }",
                "{ name: busy, metric: cpu, above: 95, for: 1m }", 10);

        double before = windows(records, w -> w.end().compareTo(Duration.ofSeconds(30)) <= 0 && w.index() > 0).stream()
                .mapToLong(FaultEffectsTest::customers).average().orElseThrow();
        double spiking = windows(records, during()).stream().mapToLong(FaultEffectsTest::customers).average().orElseThrow();
        double afterwards = windows(records, after()).stream().mapToLong(FaultEffectsTest::customers).average().orElseThrow();

        assertThat(spiking / before).isBetween(2.7, 3.3);
        assertThat(afterwards / before).isBetween(0.9, 1.1);
    }
}
