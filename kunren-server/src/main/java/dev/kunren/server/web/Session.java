package dev.kunren.server.web;

import java.time.Instant;

/**
 * Who a browser is: the facilitator, a member of one team of one drill, or an observer of one
 * drill (who watches every team and writes only evaluation notes and rubric scores). The CSRF
 * token must accompany every state-changing request of the session.
 */
public record Session(String token, Role role, String drillId, String team, String name, String csrfToken,
                      Instant expires) {

    public enum Role { FACILITATOR, MEMBER, OBSERVER }

    public boolean facilitator() {
        return role == Role.FACILITATOR;
    }

    public boolean memberOf(String someDrill, String someTeam) {
        return role == Role.MEMBER && drillId.equals(someDrill) && team.equals(someTeam);
    }

    /** An observer of that drill: who joined with its observer code, or signed in as an observer of every drill (OpenID). */
    public boolean observerOf(String someDrill) {
        return role == Role.OBSERVER && (drillId.isEmpty() || drillId.equals(someDrill));
    }

    /** Whether the session belongs in that drill at all: its facilitator, one of its members or observers. */
    public boolean inDrill(String someDrill) {
        return facilitator() || drillId.equals(someDrill) || observerOf(someDrill);
    }

    /** Whether it sees every team of the drill: the facilitator, or one of its observers. */
    public boolean seesEveryTeamOf(String someDrill) {
        return facilitator() || observerOf(someDrill);
    }
}
