package dev.kunren.engine;

/** The root of every error Kunren raises on purpose; subclasses carry the context (file, drill, fault). */
public class KunrenException extends RuntimeException {

    public KunrenException(String message) {
        super(message);
    }

    public KunrenException(String message, Throwable cause) {
        super(message, cause);
    }
}
