package dev.kunren.server.web;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The server's sessions, kept in memory: a restart signs everyone out, as it ends every drill. */
public final class Sessions {

    public static final String COOKIE = "kunren_session";
    static final Duration LIFETIME = Duration.ofHours(12);

    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final Clock clock;

    public Sessions(Clock clock) {
        this.clock = clock;
    }

    public Session facilitator() {
        return facilitator("facilitator");
    }

    /** A named facilitator (signed in through the company's OpenID provider). */
    public Session facilitator(String name) {
        return create(Session.Role.FACILITATOR, "", "", name);
    }

    public Session member(String drillId, String team, String name) {
        return create(Session.Role.MEMBER, drillId, team, name);
    }

    /** An observer of one drill, or of every drill when {@code drillId} is empty. */
    public Session observer(String drillId, String name) {
        return create(Session.Role.OBSERVER, drillId, "", name);
    }

    private Session create(Session.Role role, String drillId, String team, String name) {
        Session session = new Session(token(), role, drillId, team, name, token(), clock.instant().plus(LIFETIME));
        sessions.put(session.token(), session);
        return session;
    }

    public Optional<Session> find(String token) {
        Session session = sessions.get(token);
        if (session == null) {
            return Optional.empty();
        }
        if (session.expires().isBefore(clock.instant())) {
            sessions.remove(token);
            return Optional.empty();
        }
        return Optional.of(session);
    }

    public void end(String token) {
        sessions.remove(token);
    }

    String token() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /**
     * The Set-Cookie value of a session: HTTP-only, SameSite=Strict, and Secure when the browser
     * came over HTTPS. Over plain HTTP a browser keeps a Secure cookie only from a loopback
     * address, so a Secure cookie there would sign in only people on the server's own machine.
     */
    static String cookie(Session session, boolean https) {
        return COOKIE + "=" + session.token() + attributes(https) + "; Max-Age=" + LIFETIME.toSeconds();
    }

    static String expiredCookie(boolean https) {
        return COOKIE + "=" + attributes(https) + "; Max-Age=0";
    }

    private static String attributes(boolean https) {
        return "; Path=/; HttpOnly; " + (https ? "Secure; " : "") + "SameSite=Strict";
    }
}
