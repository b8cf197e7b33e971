package dev.kunren.server.http;

import dev.kunren.engine.report.Words;

/** The words of the language a request asks for with {@code ?lang=en|ja}: English if it names none, a 400 for another. */
public final class RequestWords {

    private RequestWords() {
    }

    public static Words of(Exchange x) {
        String language = x.query("lang").orElse(Words.LANGUAGES.getFirst());
        if (!Words.LANGUAGES.contains(language)) {
            throw Problem.badRequest("lang must be one of " + String.join(", ", Words.LANGUAGES) + ", not " + language);
        }
        return Words.of(language);
    }
}
