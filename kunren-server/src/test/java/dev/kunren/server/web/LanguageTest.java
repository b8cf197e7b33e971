package dev.kunren.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Japanese and English throughout: both dictionaries have the same keys, every key a page or
 * script asks for exists, and no page has visible text outside a translated element.
 */
class LanguageTest {

    private static final Path WEB = Path.of("kunren-server", "src", "main", "resources", "web");

    @SuppressWarnings("unchecked")
    private static Map<String, String> dictionary(String language) throws IOException {
        return new ObjectMapper().readValue(WEB.resolve("static/i18n/" + language + ".json").toFile(), Map.class);
    }

    private static Set<String> used() throws IOException {
        Set<String> keys = new TreeSet<>();
        try (Stream<Path> files = Files.walk(WEB)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".html") || f.toString().endsWith(".js")).toList()) {
                String text = Files.readString(file);
                Matcher attribute = Pattern.compile("data-i18n(?:-placeholder)?=\"([^\"]+)\"").matcher(text);
                while (attribute.find()) {
                    keys.add(attribute.group(1));
                }
                Matcher call = Pattern.compile("\\bt\\('([a-zA-Z.]+)'").matcher(text);
                while (call.find()) {
                    keys.add(call.group(1));
                }
            }
        }
        return keys;
    }

    @Test
    void both_languages_have_the_same_keys_and_every_used_key() throws IOException {
        Map<String, String> en = dictionary("en");
        Map<String, String> ja = dictionary("ja");

        assertThat(ja.keySet()).isEqualTo(en.keySet());
        for (String key : used()) {
            if (key.endsWith(".")) {
                assertThat(en.keySet()).as("keys starting " + key).anyMatch(k -> k.startsWith(key));
            } else {
                assertThat(en).as("used key").containsKey(key);
            }
        }
        assertThat(ja.values()).noneMatch(String::isBlank);
    }

    @Test
    void pages_show_no_text_outside_translated_elements() throws IOException {
        try (Stream<Path> pages = Files.list(WEB)) {
            for (Path page : pages.filter(p -> p.toString().endsWith(".html")).toList()) {
                String html = Files.readString(page).replaceAll("(?s)<script.*?</script>", "")
                        .replaceAll("<option[^>]*>(English|日本語)</option>", "");
                Matcher text = Pattern.compile("<([a-z0-9]+)([^>]*)>([^<]*[\\p{L}][^<]*)<").matcher(html);
                while (text.find()) {
                    String tag = text.group(1);
                    String attributes = text.group(2);
                    String content = text.group(3).strip();
                    boolean translated = attributes.contains("data-i18n=");
                    boolean technical = content.matches("ID|CPU|PID|Kunren|SEV[1-5]");
                    assertThat(translated || technical).as(page.getFileName() + ": <" + tag + "> " + content).isTrue();
                }
            }
        }
    }
}
