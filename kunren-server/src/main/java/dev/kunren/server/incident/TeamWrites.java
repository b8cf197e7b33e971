package dev.kunren.server.incident;

import dev.kunren.server.http.RateLimits;

/**
 * How fast a team may add to its drill — incidents, updates, notes, action items, answers,
 * acknowledgements: 60 a minute, 60 at once. A busy team writes a few a minute; one member
 * scripting thousands of notes would otherwise grow the timeline, the store and the debrief
 * without bound. Buckets are per drill (per timeline) and team, for the whole process.
 */
final class TeamWrites {

    static final int PER_MINUTE = 60;
    private static final RateLimits LIMITS = new RateLimits("writes from this team (60 a minute)", PER_MINUTE, PER_MINUTE, 10_000);

    private TeamWrites() {
    }

    /** Takes one write of the team's, or throws 429 with Retry-After. */
    static void take(TeamDrill drill) {
        LIMITS.take(System.identityHashCode(drill.timeline()) + "/" + drill.timeline().drillId() + "/" + drill.team());
    }
}
