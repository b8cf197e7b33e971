package dev.kunren.server.incident;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kunren.engine.incident.Incident;
import dev.kunren.engine.incident.IncidentException;
import dev.kunren.engine.incident.Incidents;
import dev.kunren.engine.scenario.IncidentSettings;
import dev.kunren.engine.timeline.EventRecord;
import dev.kunren.engine.timeline.TimelineEvent;
import dev.kunren.engine.timeline.TimelineEvent.AlertAcknowledged;
import dev.kunren.server.console.ConsoleRoutes;
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
 * Incident command for a team, under a prefix that names the team ({@code {team}}): acknowledging
 * alerts, declaring incidents, their status, severity, roles, milestone corrections, notes,
 * internal and public updates and action items. Each command replays the team's incidents from
 * the timeline, checks the command against them, and appends its event, one command per drill
 * at a time. Mounted by the web app and by a headless drill's console API alike.
 */
public final class IncidentCommandRoutes {

    private final TeamAccess access;

    private IncidentCommandRoutes(TeamAccess access) {
        this.access = access;
    }

    /** Adds the routes under {@code prefix} (which must contain {@code {team}}) to a router. */
    public static void mount(Router router, String prefix, TeamAccess access) {
        router.mapErrors(e -> e instanceof IncidentException bad ? problem(bad) : null);
        new IncidentCommandRoutes(access).routes(router, prefix);
    }

    private void routes(Router router, String teamPrefix) {
        router.route("POST", teamPrefix + "/alerts/{rule}/acknowledge", access.members(), this::acknowledge);
        String prefix = teamPrefix + "/incidents";
        router.route("GET", prefix, access.readers(), x -> {
            TeamDrill drill = access.reader(x).drill();
            x.json(200, describe(incidents(drill), drill.scenario().incident()));
        });
        command(router, prefix, (c, x, book, body) -> book.declare(body.path("title").asText(""), body.path("severity").asText(""),
                components(body.path("components"), c.drill().scenario().incident().components()), c.name(),
                body.path("alertRule").asText("")));
        String one = prefix + "/{incident}";
        command(router, one + "/status", (c, x, book, body) -> book.changeStatus(x.path("incident"), body.path("status").asText(""), c.name()));
        command(router, one + "/severity", (c, x, book, body) -> book.changeSeverity(x.path("incident"),
                body.path("severity").asText(""), c.name()));
        command(router, one + "/roles/{role}", (c, x, book, body) -> book.assign(x.path("incident"), x.path("role"),
                body.path("person").asText(c.name()), c.name()));
        command(router, one + "/roles/{role}/release", (c, x, book, body) -> book.release(x.path("incident"), x.path("role"), c.name()));
        command(router, one + "/milestones/{milestone}", (c, x, book, body) -> book.correct(x.path("incident"), x.path("milestone"),
                drillTime(body.path("atSeconds")), c.drill().elapsed(), c.name(), body.path("reason").asText("")));
        command(router, one + "/notes", (c, x, book, body) -> book.note(x.path("incident"), body.path("text").asText(""), c.name()));
        command(router, one + "/internal-updates", (c, x, book, body) -> book.internalUpdate(x.path("incident"),
                body.path("conditions").asText(""), body.path("actions").asText(""), body.path("needs").asText(""), c.name()));
        command(router, one + "/public-updates", (c, x, book, body) -> book.publicUpdate(x.path("incident"),
                body.path("status").asText(""), body.path("message").asText(""),
                componentStatuses(body.path("components"), c.drill().scenario().incident().components()), c.name()));
        command(router, one + "/action-items", (c, x, book, body) -> book.actionItem(x.path("incident"), body.path("text").asText(""),
                body.path("owner").asText(""), body.path("due").asText(""), c.name()));
    }

    /** Acknowledging a firing alert: who and when go on the timeline (time to acknowledge). */
    private void acknowledge(Exchange x) throws IOException {
        TeamAccess.Caller caller = access.member(x);
        acknowledge(caller.drill(), x.path("rule"), caller.name());
        x.json(200, Map.of("result", "acknowledged by " + caller.name()));
    }

    /**
     * Records that {@code by} acknowledged the team's firing alert {@code rule}: from the console,
     * the browser or the team's chat alike. 409 when it is not firing or the drill takes no command.
     */
    public static EventRecord acknowledge(TeamDrill drill, String rule, String by) {
        open(drill);
        Map<String, Object> alerts = ConsoleRoutes.alerts(drill.timeline(), drill.team());
        boolean firing = ((List<?>) alerts.get("firing")).stream().anyMatch(a -> ((Map<?, ?>) a).get("rule").equals(rule));
        if (!firing) {
            throw new Problem(409, "Conflict", "alert " + rule + " is not firing");
        }
        TeamWrites.take(drill);
        return drill.timeline().append(drill.team(), drill.elapsed(), new AlertAcknowledged(rule, by));
    }

    /**
     * Records one command of the team's: the event {@code decide} makes of the team's state, read
     * as it stands (it throws an {@link IncidentException} to refuse), within the team's write
     * quota, with no other command of the team in between. 409 before the drill's start and after
     * its end.
     */
    public static EventRecord record(TeamDrill drill, java.util.function.Supplier<TimelineEvent> decide) {
        open(drill);
        TeamWrites.take(drill);
        synchronized (drill.commandLock()) {
            return drill.timeline().append(drill.team(), drill.elapsed(), decide.get());
        }
    }

    private interface Command {
        TimelineEvent decide(TeamAccess.Caller caller, Exchange x, Incidents book, JsonNode body);
    }

    private void command(Router router, String path, Command command) {
        router.route("POST", path, access.members(), x -> {
            TeamAccess.Caller caller = access.member(x);
            open(caller.drill());
            JsonNode body = x.bodyJson();
            EventRecord appended = record(caller.drill(), () -> command.decide(caller, x, incidents(caller.drill()), body));
            x.json(201, Map.of("seq", appended.seq(), "event", appended.event()));
        });
    }

    /** The drill, if it takes commands now (409 before its start and after its end). */
    private static void open(TeamDrill drill) {
        drill.closed().ifPresent(why -> {
            throw new Problem(409, "Conflict", why);
        });
    }

    /** The team's incidents as they stand, replayed from its events. */
    public static Incidents incidents(TeamDrill drill) {
        return Incidents.replay(drill.records(), drill.scenario().incident().roles());
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
