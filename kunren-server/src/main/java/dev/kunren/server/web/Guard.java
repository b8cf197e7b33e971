package dev.kunren.server.web;

import dev.kunren.server.http.Exchange;
import dev.kunren.server.http.Problem;
import dev.kunren.server.http.Router;
import java.net.URI;
import java.util.Optional;
import java.util.Set;

/**
 * Who may do what: finds the caller's session in its cookie, and for every state change checks
 * the CSRF token (header {@code X-CSRF-Token}) and that the request comes from this site.
 */
final class Guard {

    static final String CSRF_HEADER = "X-CSRF-Token";
    private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS");

    private final Sessions sessions;

    /** Who may call a route, as routes declare it ({@link Router.Access}); the names are the API documentation's. */
    final Router.Access signedIn = Router.Access.of("signed in", this::require);
    final Router.Access facilitatorOnly = Router.Access.of("facilitator", this::facilitator);
    final Router.Access inDrill = Router.Access.of("facilitator, or a member or observer of the drill", x -> {
        if (!require(x).inDrill(x.path("drill"))) {
            throw new Problem(403, "Forbidden", "you are not in this drill");
        }
    });
    final Router.Access teamReaders = Router.Access.of("member of the team, or the facilitator or an observer (read only)",
            x -> teamReader(x, x.path("drill"), x.path("team")));
    final Router.Access teamMembers = Router.Access.of("member of the team", x -> teamMember(x, x.path("drill"), x.path("team")));
    final Router.Access evaluators = Router.Access.of("an observer of the drill, or the facilitator", x -> evaluator(x, x.path("drill")));

    Guard(Sessions sessions) {
        this.sessions = sessions;
    }

    Optional<Session> session(Exchange x) {
        return x.header("Cookie").flatMap(Guard::sessionToken).flatMap(sessions::find);
    }

    /** The caller's session; 401 without one. State changes also need the CSRF token. */
    Session require(Exchange x) {
        Session session = session(x).orElseThrow(() -> new Problem(401, "Unauthorized", "sign in first"));
        if (!SAFE.contains(x.method())) {
            sameOrigin(x);
            String token = x.header(CSRF_HEADER).orElse("");
            if (!java.security.MessageDigest.isEqual(token.getBytes(), session.csrfToken().getBytes())) {
                throw new Problem(403, "Forbidden", "missing or wrong " + CSRF_HEADER + " header");
            }
        }
        return session;
    }

    Session facilitator(Exchange x) {
        Session session = require(x);
        if (!session.facilitator()) {
            throw new Problem(403, "Forbidden", "only the facilitator may do this");
        }
        return session;
    }

    /** A member of the team, or (to read only) the facilitator or an observer of the drill. */
    Session teamReader(Exchange x, String drill, String team) {
        Session session = require(x);
        if (!session.seesEveryTeamOf(drill) && !session.memberOf(drill, team)) {
            throw new Problem(403, "Forbidden", "you are not a member of team " + team + " of this drill");
        }
        return session;
    }

    Session teamMember(Exchange x, String drill, String team) {
        Session session = require(x);
        if (!session.memberOf(drill, team)) {
            throw new Problem(403, "Forbidden", session.facilitator()
                    ? "the facilitator watches; only the team's members operate its environment"
                    : session.observerOf(drill) ? "observers watch: they write evaluation notes and rubric scores, nothing else"
                    : "you are not a member of team " + team + " of this drill");
        }
        return session;
    }

    /** The facilitator, or an observer of the drill: who may evaluate its teams. */
    Session evaluator(Exchange x, String drill) {
        Session session = require(x);
        if (!session.seesEveryTeamOf(drill)) {
            throw new Problem(403, "Forbidden", "only the drill's observers and the facilitator evaluate teams");
        }
        return session;
    }

    /** A browser sends Origin with every cross-site state change; another site's is refused. */
    static void sameOrigin(Exchange x) {
        Optional<String> origin = x.header("Origin");
        if (origin.isEmpty()) {
            return;
        }
        String host = x.host();
        String originHost;
        try {
            originHost = URI.create(origin.get()).getAuthority();
        } catch (IllegalArgumentException e) {
            originHost = "";
        }
        if (!host.equalsIgnoreCase(originHost)) {
            throw new Problem(403, "Forbidden", "cross-site request refused");
        }
    }

    private static Optional<String> sessionToken(String cookieHeader) {
        for (String part : cookieHeader.split(";")) {
            String cookie = part.strip();
            if (cookie.startsWith(Sessions.COOKIE + "=")) {
                return Optional.of(cookie.substring(Sessions.COOKIE.length() + 1));
            }
        }
        return Optional.empty();
    }
}
