package dev.kunren.http.tls;

/** A certificate or key that cannot be used, with what to do about it. */
public final class TlsException extends RuntimeException {

    public TlsException(String message) {
        super(message);
    }

    public TlsException(String message, Throwable cause) {
        super(message, cause);
    }
}
