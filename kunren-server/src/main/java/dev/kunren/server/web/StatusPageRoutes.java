package dev.kunren.server.web;

import dev.kunren.engine.incident.Incident;
import dev.kunren.engine.incident.IncidentStatus;
import dev.kunren.engine.incident.Incidents;
import dev.kunren.server.http.RateLimits;
import dev.kunren.server.http.Router;
import dev.kunren.server.incident.IncidentCommandRoutes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A team's public status page ({@code /api/status/{drill}/{team}}), readable by anyone with the
 * link, as a real status page is: the scenario's components and the incidents' public updates.
 */
final class StatusPageRoutes {

    private final DrillManager drills;

    StatusPageRoutes(DrillManager drills) {
        this.drills = drills;
    }

    /**
     * Anonymous reads per address: a page polls twice a second, so a room of twenty behind one
     * address reads 40 a second; a script trying ids is held to 50.
     */
    private final RateLimits reads = new RateLimits("status-page reads from this address (50 a second)", 3_000, 500, 100_000);

    void mount(Router router) {
        router.route("GET", "/api/status/{drill}/{team}", Router.Access.ANYONE, x -> {
            reads.take(x.remoteAddress());
            x.json(200, statusPage(x.path("drill"), x.path("team")));
        });
    }

    /** The public status page: components, open incidents with their public updates, the last resolved ones. */
    private Map<String, Object> statusPage(String drillId, String team) {
        LiveDrill drill = drills.drill(drillId);
        Incidents book = IncidentCommandRoutes.incidents(drill.teamDrill(team));
        Map<String, String> components = new LinkedHashMap<>();
        drill.scenario().incident().components().forEach(c -> components.put(c, "operational"));
        List<Map<String, Object>> incidents = new ArrayList<>();
        for (Incident incident : book.all()) {
            List<Incident.Entry> updates = incident.entries().stream().filter(e -> e.kind().equals("public-update")).toList();
            if (updates.isEmpty()) {
                continue;
            }
            Incident.Entry latest = updates.getLast();
            boolean open = !latest.fields().get("status").equals(IncidentStatus.RESOLVED.name());
            if (open) {
                latest.fields().forEach((k, v) -> {
                    if (components.containsKey(k)) {
                        components.put(k, v);
                    }
                });
            }
            List<Map<String, Object>> history = new ArrayList<>();
            for (int i = updates.size() - 1; i >= 0; i--) {
                Incident.Entry u = updates.get(i);
                history.add(Map.of("status", u.fields().get("status").toLowerCase(), "message", u.fields().get("message"),
                        "atSeconds", u.at().toMillis() / 1000.0));
            }
            incidents.add(Map.of("title", incident.title(), "open", open, "updates", history));
        }
        return Map.of("team", team, "title", drill.scenario().title(), "titles", drill.scenario().titles(), "components", components,
                "incidents", incidents);
    }
}
