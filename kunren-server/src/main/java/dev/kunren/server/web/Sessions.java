package dev.kunren.server.web;

import dev.kunren.server.store.RoomStore;
import dev.kunren.server.store.StoreException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The server's sessions: in memory for speed, and in the database (by the SHA-256 of the cookie,
 * never the cookie) so that a restart signs nobody out. Expired ones are forgotten.
 */
public final class Sessions {

    public static final String COOKIE = "kunren_session";
    static final Duration LIFETIME = Duration.ofHours(12);

    private static final Duration CLEAN_UP_EVERY = Duration.ofMinutes(10);

    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final Clock clock;
    private final Optional<RoomStore> store;
    /** Other servers share the store: a session one of them ended is over here too, so the store is asked again. */
    private final boolean shared;
    /** How long a shared session is believed without asking the store again: a sign-out elsewhere counts here within it. */
    static final Duration RECHECKED_AFTER = Duration.ofSeconds(2);
    private final Map<String, java.time.Instant> checked = new ConcurrentHashMap<>();
    /** Sessions made while the store was down: this server's alone, never ended elsewhere. */
    private final java.util.Set<String> inMemoryOnly = ConcurrentHashMap.newKeySet();
    private volatile java.time.Instant cleanedUp = java.time.Instant.MIN;

    public Sessions(Clock clock) {
        this(clock, Optional.empty());
    }

    /** Sessions kept in {@code store} too, so that they outlive a restart. */
    public Sessions(Clock clock, Optional<RoomStore> store) {
        this(clock, store, false);
    }

    /** Sessions kept in {@code store}, which other servers {@code shared} too (then it is the only truth while it is up). */
    public Sessions(Clock clock, Optional<RoomStore> store, boolean shared) {
        this.clock = clock;
        this.store = store;
        this.shared = shared && store.isPresent();
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
        boolean stored = store.map(s -> kept(() -> {
            s.saveSession(new RoomStore.Session(hash(session.token()), role.name(), drillId, team, name, session.csrfToken(),
                    session.expires()));
            if (cleanedUp.plus(CLEAN_UP_EVERY).isBefore(clock.instant())) {
                cleanedUp = clock.instant();
                s.deleteExpiredSessions(cleanedUp);
            }
        })).orElse(false);
        if (store.isPresent() && !stored) {
            inMemoryOnly.add(session.token());
        }
        sessions.put(session.token(), session);
        return session;
    }

    public Optional<Session> find(String token) {
        Session session = sessions.get(token);
        if (shared && session != null && endedElsewhere(token)) {
            sessions.remove(token);
            checked.remove(token);
            return Optional.empty();
        }
        if (session == null && store.isPresent() && token.matches("[A-Za-z0-9_-]{43}")) {  // only what this server makes
            try {
                session = store.get().session(hash(token)).map(s -> new Session(token, Session.Role.valueOf(s.role()), s.drillId(),
                        s.team(), s.name(), s.csrfToken(), s.expires())).orElse(null);
            } catch (StoreException unavailable) {
                session = null;  // the database is down: only sessions this process made are known until it is back
            }
            if (session != null) {
                sessions.put(token, session);  // signed in before a restart
            }
        }
        if (session == null) {
            return Optional.empty();
        }
        if (session.expires().isBefore(clock.instant())) {
            end(token);
            return Optional.empty();
        }
        return Optional.of(session);
    }

    /** Whether another server ended the session (signed out there); while the store is down, it is not known to be. */
    private boolean endedElsewhere(String token) {
        java.time.Instant now = clock.instant();
        java.time.Instant last = checked.get(token);
        if (inMemoryOnly.contains(token) || (last != null && last.plus(RECHECKED_AFTER).isAfter(now))) {
            return false;
        }
        try {
            boolean ended = store.get().session(hash(token)).isEmpty();
            checked.put(token, now);
            return ended;
        } catch (StoreException unavailable) {
            return false;
        }
    }

    public void end(String token) {
        sessions.remove(token);
        inMemoryOnly.remove(token);
        checked.remove(token);
        store.ifPresent(s -> kept(() -> s.deleteSession(hash(token))));
    }

    /**
     * Keeps a session change in the database if it is up: signing in goes on while it blinks, and
     * a session made meanwhile lasts until a restart.
     */
    private static boolean kept(Runnable change) {
        try {
            change.run();
            return true;
        } catch (StoreException unavailable) {
            System.err.println("kunren: a session is kept in memory only (" + unavailable.getMessage() + ")");
            return false;
        }
    }

    /** What the database keeps of a cookie: enough to find its session, nothing to forge one. */
    static String hash(String token) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
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
