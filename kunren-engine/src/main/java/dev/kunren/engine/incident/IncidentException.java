package dev.kunren.engine.incident;

/** A command an incident cannot take in its state: an illegal move, an unknown role or incident. */
public final class IncidentException extends RuntimeException {

    public IncidentException(String message) {
        super(message);
    }
}
