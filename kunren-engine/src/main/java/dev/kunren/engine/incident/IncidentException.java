package dev.kunren.engine.incident;

/**
 * A command an incident cannot take. The kind tells a client what to fix: its input, the id it
 * named, or nothing (the incident is not in a state that allows it).
 */
public final class IncidentException extends RuntimeException {

    public enum Kind {
        /** The command itself is wrong: a blank text, an unknown severity, role or status. */
        INVALID,
        /** It names an incident or message that does not exist (for this team). */
        NOT_FOUND,
        /** It is well-formed but the incident's state refuses it: an illegal move, a role already held. */
        CONFLICT
    }

    private final Kind kind;

    private IncidentException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public static IncidentException invalid(String message) {
        return new IncidentException(Kind.INVALID, message);
    }

    public static IncidentException notFound(String message) {
        return new IncidentException(Kind.NOT_FOUND, message);
    }

    public static IncidentException conflict(String message) {
        return new IncidentException(Kind.CONFLICT, message);
    }

    public Kind kind() {
        return kind;
    }
}
