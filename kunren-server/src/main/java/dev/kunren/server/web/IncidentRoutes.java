package dev.kunren.server.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kunren.engine.incident.Incident;
import dev.kunren.engine.incident.IncidentException;
import dev.kunren.engine.incident.IncidentStatus;
import dev.kunren.engine.incident.Incidents;
import dev.kunren.engine.scenario.IncidentSettings;
import dev.kunren.engine.timeline.EventRecord;
import dev.kunren.engine.timeline.TimelineEvent;
import dev.kunren.server.http.Exchange;
import dev.kunren.server.http.Problem;
import dev.kunren.server.http.Router;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Incident command for a team ({@code /api/drills/{drill}/teams/{team}/incidents…}) and the team's
 * public status page ({@code /api/status/{drill}/{team}}, readable by anyone with the link, as a
 * real status page is). Each command replays the team's incidents from the timeline, checks the
 * command, and appends the event, one command per team at a time.
 */
final class IncidentRoutes {

    private final Guard guard;
    private final DrillManager drills;

    IncidentRoutes(Guard guard, DrillManager drills) {
        this.guard = guard;
        this.drills = drills;
    }

    void mount(Router router) {
        router.mapErrors(e -> e instanceof IncidentException bad ? problem(bad) : null);
        String prefix = "/api/drills/{drill}/teams/{team}/incidents";
        router.route("GET", prefix, x -> {
            guard.teamReader(x, x.path("drill"), x.path("team"));
            x.json(200, describe(incidents(x), drills.drill(x.path("drill")).scenario().incident()));
        });
        command(router, prefix, (x, book, body) -> book.declare(body.path("title").asText(""), body.path("severity").asText(""),
                components(body.path("components"), drills.drill(x.path("drill")).scenario().incident().components()), name(x),
                body.path("alertRule").asText("")));
        String one = prefix + "/{incident}";
        command(router, one + "/status", (x, book, body) -> book.changeStatus(x.path("incident"), body.path("status").asText(""), name(x)));
        command(router, one + "/severity", (x, book, body) -> book.changeSeverity(x.path("incident"), body.path("severity").asText(""), name(x)));
        command(router, one + "/roles/{role}", (x, book, body) -> book.assign(x.path("incident"), x.path("role"),
                body.path("person").asText(name(x)), name(x)));
        command(router, one + "/roles/{role}/release", (x, book, body) -> book.release(x.path("incident"), x.path("role"), name(x)));
        command(router, one + "/milestones/{milestone}", (x, book, body) -> book.correct(x.path("incident"), x.path("milestone"),
                drillTime(body.path("atSeconds")), drills.drill(x.path("drill")).elapsed(), name(x), body.path("reason").asText("")));
        command(router, one + "/notes", (x, book, body) -> book.note(x.path("incident"), body.path("text").asText(""), name(x)));
        command(router, one + "/internal-updates", (x, book, body) -> book.internalUpdate(x.path("incident"),
                body.path("conditions").asText(""), body.path("actions").asText(""), body.path("needs").asText(""), name(x)));
        command(router, one + "/public-updates", (x, book, body) -> book.publicUpdate(x.path("incident"),
                body.path("status").asText(""), body.path("message").asText(""),
                componentStatuses(body.path("components"), drills.drill(x.path("drill")).scenario().incident().components()), name(x)));
        command(router, one + "/action-items", (x, book, body) -> book.actionItem(x.path("incident"), body.path("text").asText(""),
                body.path("owner").asText(""), body.path("due").asText(""), name(x)));
        router.route("GET", "/api/status/{drill}/{team}", x -> x.json(200, statusPage(x.path("drill"), x.path("team"))));
    }

    private interface Command {
        TimelineEvent decide(Exchange x, Incidents book, JsonNode body) throws IOException;
    }

    private void command(Router router, String path, Command command) {
        router.route("POST", path, x -> {
            guard.teamMember(x, x.path("drill"), x.path("team"));
            LiveDrill drill = drills.drill(x.path("drill"));
            if (drill.phase() == LiveDrill.Phase.SETUP || drill.phase() == LiveDrill.Phase.STARTING) {
                throw new Problem(409, "Conflict", "the drill has not started yet");
            }
            if (drill.phase() == LiveDrill.Phase.ENDED) {
                throw new Problem(409, "Conflict", "the drill has ended");
            }
            JsonNode body = x.bodyJson();
            EventRecord appended;
            synchronized (drill) {
                Incidents book = incidents(x);
                appended = drill.timeline().append(x.path("team"), drill.elapsed(), command.decide(x, book, body));
            }
            x.json(201, Map.of("seq", appended.seq(), "event", appended.event()));
        });
    }

    private Incidents incidents(Exchange x) {
        LiveDrill drill = drills.drill(x.path("drill"));
        drill.team(x.path("team")).orElseThrow(() -> Problem.notFound("no team " + x.path("team") + " in this drill"));
        return replay(drill, x.path("team"));
    }

    private static Incidents replay(LiveDrill drill, String team) {
        return Incidents.replay(MessageRoutes.teamRecords(drill, team), drill.scenario().incident().roles());
    }

    private String name(Exchange x) {
        return guard.session(x).map(Session::name).orElse("");
    }

    private static List<Map<String, Object>> describe(Incidents book, IncidentSettings settings) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (Incident incident : book.all()) {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("id", incident.id());
            map.put("title", incident.title());
            map.put("severity", incident.severity().name());
            map.put("status", incident.status().name().toLowerCase());
            map.put("moves", incident.status().next().stream().map(s -> s.name().toLowerCase()).toList());
            map.put("components", incident.components());
            map.put("alertRule", incident.alertRule());
            map.put("roles", incident.roleHistory());
            Map<String, Object> milestones = new LinkedHashMap<>();
            incident.milestones().forEach((m, t) -> milestones.put(m.name(), Map.of("atSeconds", t.at().toMillis() / 1000.0,
                    "recordedSeconds", t.recorded() == null ? -1 : t.recorded().toMillis() / 1000.0, "corrections", t.corrections())));
            map.put("milestones", milestones);
            map.put("entries", incident.entries());
            book.nextPublicUpdateDue(incident.id(), settings.firstPublicUpdate(), settings.publicUpdateEvery())
                    .ifPresent(due -> map.put("nextPublicUpdateDueSeconds", due.toMillis() / 1000.0));
            list.add(map);
        }
        return list;
    }

    /** The public status page: components, open incidents with their public updates, the last resolved ones. */
    private Map<String, Object> statusPage(String drillId, String team) {
        LiveDrill drill = drills.drill(drillId);
        drill.team(team).orElseThrow(() -> Problem.notFound("no team " + team + " in this drill"));
        Incidents book = replay(drill, team);
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
        return Map.of("team", team, "title", drill.scenario().title(), "components", components, "incidents", incidents);
    }

    /** The affected components named at a declaration: the scenario's own, each once. */
    private static List<String> components(JsonNode array, List<String> known) {
        if (!array.isMissingNode() && !array.isNull() && !array.isArray()) {
            throw Problem.badRequest("components must be a list of component names, such as [\"" + known.getFirst() + "\"]");
        }
        List<String> values = new ArrayList<>();
        array.forEach(n -> {
            if (!known.contains(n.asText())) {
                throw Problem.badRequest("no component " + n.asText() + "; components are " + known);
            }
            if (!values.contains(n.asText())) {
                values.add(n.asText());
            }
        });
        return values;
    }

    private static Map<String, String> componentStatuses(JsonNode object, List<String> known) {
        if (!object.isMissingNode() && !object.isNull() && !object.isObject()) {
            throw Problem.badRequest("components must map each component to its status, such as {\"" + known.getFirst()
                    + "\": \"partial-outage\"}");
        }
        Map<String, String> values = new LinkedHashMap<>();
        object.fields().forEachRemaining(e -> {
            if (!known.contains(e.getKey())) {
                throw Problem.badRequest("no component " + e.getKey() + "; components are " + known);
            }
            values.put(e.getKey(), e.getValue().asText());
        });
        return values;
    }

    private static Duration drillTime(JsonNode seconds) {
        if (!seconds.isNumber() || !Double.isFinite(seconds.asDouble()) || Math.abs(seconds.asDouble()) > 1e9) {
            throw Problem.badRequest("give atSeconds: the milestone's drill time in seconds, such as 95");
        }
        return Duration.ofMillis(Math.round(seconds.asDouble() * 1000));
    }

    /** Bad input is the client's to fix (400), an unknown id is 404, a refused move in the incident's state 409. */
    private static Problem problem(IncidentException e) {
        return switch (e.kind()) {
            case INVALID -> Problem.badRequest(e.getMessage());
            case NOT_FOUND -> Problem.notFound(e.getMessage());
            case CONFLICT -> new Problem(409, "Conflict", e.getMessage());
        };
    }
}
