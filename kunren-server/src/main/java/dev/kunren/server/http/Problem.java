package dev.kunren.server.http;

/**
 * An error the API answers with, as an RFC 9457 problem+json body: a status, a short title and a
 * detail that says what to do.
 */
public final class Problem extends RuntimeException {

    private final int status;
    private final String title;
    private final java.util.Map<String, Object> extensions;

    public Problem(int status, String title, String detail) {
        this(status, title, detail, java.util.Map.of());
    }

    /** A problem with extension members beside the standard ones, e.g. every error of a scenario. */
    public Problem(int status, String title, String detail, java.util.Map<String, Object> extensions) {
        super(detail);
        this.status = status;
        this.title = title;
        this.extensions = java.util.Map.copyOf(extensions);
    }

    public java.util.Map<String, Object> extensions() {
        return extensions;
    }

    public static Problem badRequest(String detail) {
        return new Problem(400, "Bad request", detail);
    }

    public static Problem notFound(String detail) {
        return new Problem(404, "Not found", detail);
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }
}
