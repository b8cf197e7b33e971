package dev.kunren.server.web;

import java.time.Instant;

/**
 * Who a browser is: the facilitator, or a member of one team of one drill. The CSRF token must
 * accompany every state-changing request of the session.
 */
public record Session(String token, Role role, String drillId, String team, String name, String csrfToken,
                      Instant expires) {

    public enum Role { FACILITATOR, MEMBER }

    public boolean facilitator() {
        return role == Role.FACILITATOR;
    }

    public boolean memberOf(String someDrill, String someTeam) {
        return role == Role.MEMBER && drillId.equals(someDrill) && team.equals(someTeam);
    }
}
