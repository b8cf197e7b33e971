package dev.kunren.server.paging;

import dev.kunren.engine.oncall.Pages;
import dev.kunren.engine.timeline.EventRecord;
import dev.kunren.server.http.Router;
import dev.kunren.server.incident.TeamAccess;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A team's pages under a prefix that names the team: what paged whom, and taking a page. Mounted by
 * the web app and by a headless drill's console API alike ({@code kunren console pages},
 * {@code ack-page}).
 */
public final class PagingRoutes {

    private PagingRoutes() {
    }

    public static void mount(Router router, String prefix, TeamAccess access) {
        router.route("GET", prefix + "/pages", access.readers(), x -> {
            TeamAccess.Caller caller = access.reader(x);
            x.json(200, Pages.replay(caller.drill().records()).all().stream().map(PagingRoutes::describe).toList());
        });
        router.route("POST", prefix + "/pages/{page}/acknowledge", access.membersOrFacilitator(), x -> {
            TeamAccess.Caller caller = access.memberOrFacilitator(x);
            EventRecord taken = PageAcknowledgement.acknowledge(caller.drill(), x.path("page"), caller.name(), caller.facilitator(),
                    "console");
            x.json(201, Map.of("seq", taken.seq(), "event", taken.event()));
        });
    }

    /** A page as the console shows it; times in drill seconds. */
    public static Map<String, Object> describe(Pages.Page page) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("id", page.id());
        map.put("alert", page.rule());
        map.put("level", page.level());
        map.put("person", page.person());
        map.put("paged", page.paged());
        map.put("sentSeconds", seconds(page.sentAt()));
        map.put("levelSinceSeconds", seconds(page.levelSince()));
        map.put("state", page.acknowledged().isPresent() ? "acknowledged" : page.closed().isPresent() ? "closed" : "open");
        page.acknowledged().ifPresent(a -> {
            map.put("acknowledgedBy", a.by());
            map.put("acknowledgedVia", a.via());
        });
        page.acknowledgedAt().ifPresent(at -> map.put("acknowledgedSeconds", seconds(at)));
        page.closed().ifPresent(why -> map.put("closed", why));
        map.put("deliveries", page.deliveries().stream().map(d -> Map.of("person", d.person(), "method", d.method(),
                "delivered", d.delivered(), "detail", d.detail())).toList());
        return map;
    }

    private static double seconds(java.time.Duration at) {
        return at.toMillis() / 1000.0;
    }
}
