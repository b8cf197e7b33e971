package dev.kunren.server.paging;

import dev.kunren.engine.oncall.OnCall;
import dev.kunren.engine.oncall.Pages;
import dev.kunren.engine.timeline.EventRecord;
import dev.kunren.engine.timeline.TimelineEvent.PageAcknowledged;
import dev.kunren.server.http.Problem;
import dev.kunren.server.incident.IncidentCommandRoutes;
import dev.kunren.server.incident.TeamDrill;
import java.util.Locale;

/**
 * Taking a page, however it is done — the signed link, the console, chat, the CLI: the page must
 * be open, and the one taking it must be whom it is with now (the facilitator, once it escalated
 * that far); a person the scenario made unavailable cannot answer.
 */
public final class PageAcknowledgement {

    private PageAcknowledgement() {
    }

    /** Records that {@code by} took page {@code pageId} {@code via} a channel; {@code asFacilitator} when the facilitator does. */
    public static EventRecord acknowledge(TeamDrill drill, String pageId, String by, boolean asFacilitator, String via) {
        return IncidentCommandRoutes.record(drill, () -> {
            Pages.Page page = Pages.replay(drill.records()).find(pageId.toUpperCase(Locale.ROOT))
                    .orElseThrow(() -> Problem.notFound("no page " + pageId + " for team " + drill.team()));
            if (page.acknowledged().isPresent()) {
                throw new Problem(409, "Conflict", page.id() + " was already acknowledged by " + page.acknowledged().get().by());
            }
            if (page.closed().isPresent()) {
                throw new Problem(409, "Conflict", page.id() + " is closed: " + page.closed().get());
            }
            boolean theirs = asFacilitator ? page.person().equals(OnCall.FACILITATOR) : same(page.person(), by);
            if (!theirs) {
                throw new Problem(403, "Forbidden", page.id() + " is with " + page.person() + " (level " + page.level() + "); "
                        + (page.person().equals(OnCall.FACILITATOR) ? "the facilitator" : page.person())
                        + " acknowledges it, or it escalates");
            }
            drill.scenario().oncall().flatMap(o -> o.whyUnavailable(page.person())).ifPresent(why -> {
                throw new Problem(409, "Conflict", page.person() + " is unavailable in this drill (" + why + "): the page waits for its escalation");
            });
            return new PageAcknowledged(page.id(), page.rule(), by, via);
        });
    }

    /** A chat name ({@code @bob}) or a display name is the person whatever its case. */
    private static boolean same(String person, String by) {
        String name = by.startsWith("@") ? by.substring(1) : by;
        return person.equalsIgnoreCase(name);
    }
}
