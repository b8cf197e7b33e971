package dev.kunren.engine.clock;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationTextTest {

    @Test
    void parses_what_people_write() {
        assertThat(DurationText.parse("90s")).contains(Duration.ofSeconds(90));
        assertThat(DurationText.parse("5m")).contains(Duration.ofMinutes(5));
        assertThat(DurationText.parse("1m30s")).contains(Duration.ofSeconds(90));
        assertThat(DurationText.parse("250ms")).contains(Duration.ofMillis(250));
        assertThat(DurationText.parse("1.5s")).contains(Duration.ofMillis(1500));
        assertThat(DurationText.parse("-5s")).contains(Duration.ofSeconds(-5));
    }

    @Test
    void refuses_what_is_not_a_duration() {
        assertThat(DurationText.parse("5")).isEmpty();
        assertThat(DurationText.parse("five minutes")).isEmpty();
        assertThat(DurationText.parse("5m garbage")).isEmpty();
        assertThat(DurationText.parse("")).isEmpty();
        assertThat(DurationText.parse("99999999h")).isEmpty();
    }

    @Test
    void formats_for_reports() {
        assertThat(DurationText.format(Duration.ZERO)).isEqualTo("0s");
        assertThat(DurationText.format(Duration.ofMillis(850))).isEqualTo("850ms");
        assertThat(DurationText.format(Duration.ofMillis(4500))).isEqualTo("4.5s");
        assertThat(DurationText.format(Duration.ofSeconds(65))).isEqualTo("1m 05s");
        assertThat(DurationText.format(Duration.ofSeconds(3723))).isEqualTo("1h 02m 03s");
        assertThat(DurationText.format(Duration.ofMinutes(90))).isEqualTo("1h 30m");
        assertThat(DurationText.format(Duration.ofHours(48))).isEqualTo("48h");
        assertThat(DurationText.format(Duration.ofSeconds(3605))).isEqualTo("1h 00m 05s");
    }
}
