package dev.kunren.engine.expectation;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** What a team is expected to do after an inject, as a scenario names it under {@code expect:}. */
public enum ExpectationKind {
    /** The system notices: an alert (the named one, or any) fires within the limit of the inject. */
    ALERT_FIRES("alert-fires"),
    /** Someone acknowledges an alert (the named one, or any) within the limit of the inject. */
    ACKNOWLEDGE("acknowledge"),
    /** An incident is declared within the limit of the inject (one already open counts). */
    DECLARE("declare"),
    /** The incident's first internal update comes within the limit of declaring it. */
    FIRST_INTERNAL_UPDATE("first-internal-update"),
    /** The incident's first public update comes within the limit of declaring it. */
    FIRST_PUBLIC_UPDATE("first-public-update"),
    /** While the incident is open, customers never go longer than the limit without a public update. */
    PUBLIC_UPDATES_EVERY("public-updates-every"),
    /** The incident the inject is about is resolved within the limit of the inject. */
    RESOLVE("resolve"),
    /** The message inject is answered within the limit of its delivery. */
    ANSWER("answer"),
    /** Someone paged for an alert (the named one, or any) acknowledges the page within the limit of the inject. */
    PAGE_ACKNOWLEDGED("page-acknowledged");

    private final String key;

    ExpectationKind(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }

    /** Whether the kind can name the alert rule it is about. */
    public boolean takesAlert() {
        return this == ALERT_FIRES || this == ACKNOWLEDGE || this == PAGE_ACKNOWLEDGED;
    }

    public static Optional<ExpectationKind> byKey(String key) {
        return Arrays.stream(values()).filter(k -> k.key.equals(key)).findFirst();
    }

    public static List<String> keys() {
        return Arrays.stream(values()).map(ExpectationKind::key).toList();
    }
}
