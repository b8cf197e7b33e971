package dev.kunren.proxy.api;

/** A request the API refuses, with the HTTP status to answer and a message for the client. */
public final class ApiException extends RuntimeException {

    private final int status;

    public ApiException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
