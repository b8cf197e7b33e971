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

    private static Set<String> placeholders(String text) {
        Set<String> found = new TreeSet<>();
        Matcher matcher = PLACEHOLDER.matcher(text);
        while (matcher.find()) {
            found.add(matcher.group());
        }
        return found;
    }
}
