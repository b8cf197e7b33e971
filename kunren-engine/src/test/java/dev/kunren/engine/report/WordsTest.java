package dev.kunren.engine.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The debrief's languages stay in step: the same keys, each filling in the same values. */
class WordsTest {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\d}");

    @Test
    void every_language_has_every_key_with_the_same_placeholders() {
        Words english = Words.english();
        for (String language : Words.LANGUAGES) {
            Words words = Words.of(language);
            assertThat(words.keys()).as(language).isEqualTo(english.keys());
            for (String key : english.keys()) {
                assertThat(placeholders(words.t(key))).as(language + " " + key).isEqualTo(placeholders(english.t(key)));
            }
        }
    }

    @Test
    void values_fill_their_places_in_any_order_and_an_unknown_language_is_refused() {
        assertThat(Words.of("ja").t("event.roleAssigned", "Aiko", "incident-commander", "INC-1"))
                .isEqualTo("Aiko が INC-1 の incident-commander に");
        assertThat(Words.english().t("note.corrected", "ann", "1m 00s", "late")).isEqualTo(" (corrected by ann from 1m 00s: late)");
        assertThatThrownBy(() -> Words.of("fr")).hasMessage("language must be one of en, ja, not fr");
        assertThatThrownBy(() -> Words.english().t("no.such.key")).hasMessageContaining("no text no.such.key");
    }

    @Test
    void durations_read_the_same_in_both_languages_and_in_the_browser() {
        // app.js's Kunren.duration writes these same strings; BrowserTest reads them on the consoles
        Words ja = Words.of("ja");
        assertThat(ja.duration(java.time.Duration.ofMillis(850))).isEqualTo("850ミリ秒");
        assertThat(ja.duration(java.time.Duration.ofMillis(4500))).isEqualTo("4.5秒");
        assertThat(ja.duration(java.time.Duration.ofSeconds(65))).isEqualTo("1分05秒");
        assertThat(ja.duration(java.time.Duration.ofSeconds(3723))).isEqualTo("1時間02分03秒");
        assertThat(ja.duration(java.time.Duration.ofMinutes(90))).isEqualTo("1時間30分");
        assertThat(ja.duration(java.time.Duration.ofHours(48))).isEqualTo("48時間");
        assertThat(Words.english().duration(java.time.Duration.ofHours(48))).isEqualTo("48h");
    }

    private static Set<String> placeholders(String text) {
        Set<String> found = new TreeSet<>();
        Matcher matcher = PLACEHOLDER.matcher(text);
        while (matcher.find()) {
            found.add(matcher.group());
        }
        return found;
    }
}
