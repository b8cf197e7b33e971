package dev.kunren.proxy.toxic;

/** A toxic request that cannot be honoured; the message says what was expected. */
public final class InvalidToxicException extends IllegalArgumentException {

    public InvalidToxicException(String message) {
        super(message);
    }
}
