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
        return create(Session.Role.FACILITATOR, "", "", "facilitator");
    }

    public Session member(String drillId, String team, String name) {
        return create(Session.Role.MEMBER, drillId, team, name);
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

    /** The Set-Cookie value of a session: HTTP-only, Secure, SameSite=Strict. */
    static String cookie(Session session) {
        return COOKIE + "=" + session.token() + "; Path=/; HttpOnly; Secure; SameSite=Strict; Max-Age=" + LIFETIME.toSeconds();
    }

    static String expiredCookie() {
        return COOKIE + "=; Path=/; HttpOnly; Secure; SameSite=Strict; Max-Age=0";
    }
}
