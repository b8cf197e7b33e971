package dev.kunren.server.http;

/**
 * An error the API answers with, as an RFC 9457 problem+json body: a status, a short title and a
 * detail that says what to do.
 */
public final class Problem extends RuntimeException {

    private final int status;
    private final String title;
    private final java.util.Map<String, Object> extensions;
    private long retryAfterSeconds;

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

    /** 429 with {@code Retry-After}: the caller may try again after that many seconds. */
    public static Problem tooMany(String detail, long retryAfterSeconds) {
        Problem problem = new Problem(429, "Too many requests", detail, java.util.Map.of("retryAfterSeconds", retryAfterSeconds));
        problem.retryAfterSeconds = Math.max(1, retryAfterSeconds);
        return problem;
    }

    /** The same problem, telling the client to try again after {@code seconds} (Retry-After). */
    public Problem retryAfter(long seconds) {
        this.retryAfterSeconds = Math.max(1, seconds);
        return this;
    }

    /** Seconds to wait before trying again, or 0 when the problem does not say. */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
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
