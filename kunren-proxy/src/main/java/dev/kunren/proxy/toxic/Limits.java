package dev.kunren.proxy.toxic;

/** Upper bounds that keep a typo from holding a connection for days. */
final class Limits {

    static final long HOUR_MS = 3_600_000;

    private Limits() {
    }
}
