package dev.kunren.engine.timeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kunren.engine.timeline.TimelineEvent.AlertChanged;
import dev.kunren.engine.timeline.TimelineEvent.AlertState;
import dev.kunren.engine.timeline.TimelineEvent.DrillStarted;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Events as they are stored: what a scenario says per language survives the round trip, and older drills still read. */
class EventJsonTest {

    @Test
    void a_title_and_a_summary_per_language_survive_the_store() {
        DrillStarted started = new DrillStarted("first-drill", "First drill", 10, 7, Duration.ofMinutes(6), 0.99,
                Duration.ofMillis(300), Duration.ofSeconds(10), List.of("web-1"), List.of("red"),
                Map.of("en", "First drill", "ja", "はじめての訓練"));
        AlertChanged firing = new AlertChanged("availability-low", "critical", AlertState.FIRING, "requests fail", 75, "availability < 99%",
                Map.of("ja", "リクエストが失敗している"));

        assertThat(EventJson.read(EventJson.write(started))).isEqualTo(started);
        assertThat(EventJson.read(EventJson.write(firing))).isEqualTo(firing);
    }

    @Test
    void events_recorded_before_there_were_languages_read_with_none() {
        TimelineEvent started = EventJson.read("""
                {"type":"drill-started","scenario":"s","title":"T","speed":1.0,"seed":1,"plannedDuration":"PT1M",
                 "availabilityObjective":0.99,"latencyP99Objective":"PT0.3S","window":"PT10S","instances":[],"teams":["red"]}""");
        TimelineEvent firing = EventJson.read("""
                {"type":"alert-changed","rule":"r","severity":"critical","state":"FIRING","summary":"s","value":1.0,"condition":"c"}""");

        assertThat(((DrillStarted) started).titles()).isEmpty();
        assertThat(((AlertChanged) firing).summaries()).isEmpty();
        assertThat(((AlertChanged) firing).summary()).isEqualTo("s");
    }
}
