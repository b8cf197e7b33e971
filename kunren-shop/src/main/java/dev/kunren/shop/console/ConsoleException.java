package dev.kunren.shop.console;

/** A console operation that cannot be done: an unknown resource, an illegal state or a bad argument. */
public final class ConsoleException extends RuntimeException {

    /** What went wrong, as an HTTP API would say it. */
    public enum Kind {
        NOT_FOUND(404), CONFLICT(409), INVALID(400);

        private final int status;

        Kind(int status) {
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    private final Kind kind;

    public ConsoleException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public static ConsoleException notFound(String message) {
        return new ConsoleException(Kind.NOT_FOUND, message);
    }

    public static ConsoleException conflict(String message) {
        return new ConsoleException(Kind.CONFLICT, message);
    }

    public static ConsoleException invalid(String message) {
        return new ConsoleException(Kind.INVALID, message);
    }

    public Kind kind() {
        return kind;
    }
}
