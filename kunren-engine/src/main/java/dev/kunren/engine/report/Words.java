package dev.kunren.engine.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The words of the debrief in one language: report, charts and postmortem draft. Texts live in
 * {@code words_LANG.properties} beside this class, with {@code {0}}, {@code {1}}… for what is
 * filled in (no MessageFormat: an apostrophe is just an apostrophe).
 */
public final class Words {

    /** The languages a debrief can be written in; the first is the default. */
    public static final List<String> LANGUAGES = List.of("en", "ja");

    private static final Map<String, Words> LOADED = new ConcurrentHashMap<>();

    private final String language;
    private final Properties texts;

    private Words(String language, Properties texts) {
        this.language = language;
        this.texts = texts;
    }

    /** A scenario's own text in this language, if the scenario gives it, else as written. */
    public String own(Map<String, String> byLanguage, String asWritten) {
        return byLanguage.getOrDefault(language, asWritten);
    }

    public static Words english() {
        return of("en");
    }

    /** The words of a language in {@link #LANGUAGES}; anything else is refused with the list. */
    public static Words of(String language) {
        if (!LANGUAGES.contains(language)) {
            throw new IllegalArgumentException("language must be one of " + String.join(", ", LANGUAGES) + ", not " + language);
        }
        return LOADED.computeIfAbsent(language, Words::load);
    }

    private static Words load(String language) {
        Properties texts = new Properties();
        try (InputStream in = Words.class.getResourceAsStream("words_" + language + ".properties")) {
            if (in == null) {
                throw new IllegalStateException("words_" + language + ".properties is missing from the build");
            }
            texts.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read words_" + language + ".properties", e);
        }
        return new Words(language, texts);
    }

    public String language() {
        return language;
    }

    /** The text of {@code key} with {@code {i}} replaced by the i-th argument. */
    public String t(String key, Object... args) {
        String text = texts.getProperty(key);
        if (text == null) {
            throw new IllegalStateException("no text " + key + " in words_" + language + ".properties");
        }
        for (int i = 0; i < args.length; i++) {
            text = text.replace("{" + i + "}", String.valueOf(args[i]));
        }
        return text;
    }

    /**
     * A duration for people in this language: English as {@link dev.kunren.engine.clock.DurationText#format}
     * ({@code 4.5s}, {@code 1m 05s}); Japanese in its own units ({@code 4.5秒}, {@code 1分05秒}, {@code 1時間02分03秒}, {@code 48時間}).
     */
    public String duration(java.time.Duration duration) {
        String english = dev.kunren.engine.clock.DurationText.format(duration);
        if (!language.equals("ja")) {
            return english;
        }
        return english.replaceAll("([0-9.]+)ms$", "$1ミリ秒").replaceAll("([0-9.]+)s$", "$1秒")
                .replaceAll("([0-9]+)h", "$1時間").replaceAll("([0-9]+)m", "$1分").replace(" ", "");
    }

    /** Every key, for the test that keeps the languages in step. */
    java.util.Set<String> keys() {
        return texts.stringPropertyNames();
    }
}
