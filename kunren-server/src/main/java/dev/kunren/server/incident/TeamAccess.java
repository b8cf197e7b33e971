package dev.kunren.server.incident;

import dev.kunren.server.http.Exchange;
import dev.kunren.server.http.Router;

/** Decides, per request, whose team it is about and what the caller may do; throws a Problem when they may not. */
public interface TeamAccess {

    /** Who is asking, about which team's drill, and whether they see everything (the facilitator) or a team's view. */
    record Caller(TeamDrill drill, String name, boolean facilitator) {
    }

    /** The caller, if they may read the team named in the request's path. */
    Caller reader(Exchange exchange);

    /** The caller, if they may act for the team named in the request's path. */
    Caller member(Exchange exchange);

    /** The caller, if they act for the team or are the facilitator (who acts in few places: a page escalated to them). */
    default Caller memberOrFacilitator(Exchange exchange) {
        return member(exchange);
    }

    /** Who may read the team's incidents, messages and pages, as their routes declare it. */
    Router.Access readers();

    /** Who may act for the team. */
    Router.Access members();

    /** Who may act for the team, or as the facilitator where they may. */
    default Router.Access membersOrFacilitator() {
        return members();
    }
}
