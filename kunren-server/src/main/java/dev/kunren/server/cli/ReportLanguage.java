package dev.kunren.server.cli;

import dev.kunren.engine.report.Words;

/** The languages {@code --lang} takes for a written report (an enum, so picocli refuses others with exit 2). */
enum ReportLanguage {
    en, ja;

    Words words() {
        return Words.of(name());
    }
}
