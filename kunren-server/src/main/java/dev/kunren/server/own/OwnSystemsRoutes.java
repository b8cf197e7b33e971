package dev.kunren.server.own;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kunren.engine.drill.Drill;
import dev.kunren.engine.drill.DrillState;
import dev.kunren.engine.external.AgentHub;
import dev.kunren.engine.external.ExternalAlerts;
import dev.kunren.engine.external.OwnSystems;
import dev.kunren.engine.scenario.ExternalEnvironment;
import dev.kunren.engine.timeline.EventJson;
import dev.kunren.engine.timeline.TimelineEvent.AlertChanged;
import dev.kunren.server.http.Exchange;
import dev.kunren.server.http.Problem;
import dev.kunren.server.http.Router;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where the world outside meets a drill: agents poll for their commands, the team's monitoring
 * posts its alerts, and anyone with the drill's token can halt it. Mounted on a headless drill's
 * console API (under {@code /api}), whose guard checks the token before any route, and on the
 * web app (under {@code /api/drills/{drill}}), whose {@link DrillOf} checks the drill's own token.
 */
public final class OwnSystemsRoutes {

    private static final ObjectMapper JSON = EventJson.mapper();

    /** The drill a request is about, once the caller may reach it. */
    @FunctionalInterface
    public interface DrillOf {
        Drill drill(Exchange exchange);
    }

    private OwnSystemsRoutes() {
    }

    /** Mounts the agents', the monitoring's and the halt's routes under {@code base}. */
    public static void mount(Router router, String base, Router.Access callers, DrillOf drillOf) {
        mountAgentsAndIngest(router, base, callers, drillOf);
        router.route("POST", base + "/halt", callers, x -> {
            Drill drill = drillOf.drill(x);
            drill.halt();
            x.json(200, Map.of("result", "halted: every fault is reverted, on agents and proxies too"));
        });
    }

    /**
     * Mounts the agents' and the monitoring's routes only: where the halt has a route of its own
     * (the web app's, which takes the facilitator's session or the drill's token).
     */
    public static void mountAgentsAndIngest(Router router, String base, Router.Access callers, DrillOf drillOf) {
        router.route("POST", base + "/agents/{agent}/poll", callers, x -> poll(x, own(drillOf.drill(x))));
        router.route("POST", base + "/ingest/{source}", callers, x -> ingest(x, drillOf.drill(x)));
    }

    /** Mounts what a team's console shows of its own systems: {@code targets}, {@code agents}, {@code probes}. */
    public static void mountViews(Router router, String teamPrefix, Router.Access readers, DrillOf drillOf) {
        router.route("GET", teamPrefix + "/targets", readers, x -> x.json(200, environment(drillOf.drill(x)).services().stream()
                .map(s -> Map.of("name", s.name(), "listen", address(s.listen()), "upstream", address(s.upstream()),
                        "protocol", s.http() ? "http" : "tcp")).toList()));
        router.route("GET", teamPrefix + "/probes", readers, x -> x.json(200, environment(drillOf.drill(x)).probes().stream()
                .map(p -> Map.of("name", p.name(), "url", p.url().toString(), "method", p.method(), "ratePerSecond", p.rate(),
                        "timeoutMillis", p.timeout().toMillis(), "expectStatus", p.expectStatus())).toList()));
        router.route("GET", teamPrefix + "/agents", readers, x -> x.json(200, own(drillOf.drill(x)).agents().view().stream()
                .map(OwnSystemsRoutes::agentView).toList()));
    }

    private static OwnSystems own(Drill drill) {
        return drill.ownSystems().orElseThrow(() -> new Problem(409, "Conflict",
                "this drill runs on the practice shop; agents and targets belong to drills on a team's own systems"));
    }

    private static ExternalEnvironment environment(Drill drill) {
        return own(drill).environment();
    }

    private static void poll(Exchange x, OwnSystems own) throws IOException {
        AgentHub hub = own.agents();
        String agent = x.path("agent");
        if (!hub.knows(agent)) {
            throw Problem.notFound("no agent " + agent + " in this drill; its scenario names "
                    + String.join(", ", own.environment().agents()));
        }
        JsonNode body = x.bodyJson();
        AgentHub.Hello hello;
        List<AgentHub.Report> reports = new ArrayList<>();
        try {
            hello = JSON.treeToValue(body.path("hello"), AgentHub.Hello.class);
            for (JsonNode report : body.path("reports")) {
                reports.add(JSON.treeToValue(report, AgentHub.Report.class));
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException | IllegalArgumentException e) {
            throw Problem.badRequest("an agent's poll is {\"hello\": {\"host\", \"allowed\"}, \"reports\": [...]}: "
                    + e.getMessage());
        }
        if (hello == null) {
            throw Problem.badRequest("an agent's poll says hello: {\"hello\": {\"host\": …, \"allowed\": […]}}");
        }
        try {
            // an agent that only brings news of what it did ("wait": false) is answered at once
            java.time.Duration wait = body.path("wait").asBoolean(true) ? AgentHub.POLL_WAIT : java.time.Duration.ZERO;
            List<AgentHub.Command> commands = hub.poll(agent, hello, reports, wait);
            x.json(200, Map.of("commands", commands, "deadManSeconds", AgentHub.DEAD_MAN.toSeconds()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Problem(503, "Stopping", "the drill is stopping");
        }
    }

    private static void ingest(Exchange x, Drill drill) throws IOException {
        String source = x.path("source");
        if (!IngestPayloads.SOURCES.contains(source)) {
            throw Problem.notFound("no ingest for " + source + "; Kunren takes " + String.join(", ", IngestPayloads.SOURCES));
        }
        Optional<String> team = x.query("team");
        if (team.isEmpty() && drill.teams().size() > 1) {
            throw Problem.badRequest("this drill has several teams: say whose alert it is with ?team=NAME (one of "
                    + String.join(", ", drill.teams()) + ")");
        }
        String whose = team.orElse(drill.teams().getFirst());
        if (!drill.teams().contains(whose)) {
            throw Problem.notFound("no team " + whose + " in this drill; teams are " + String.join(", ", drill.teams()));
        }
        List<ExternalAlerts.Incoming> alerts = IngestPayloads.read(source, x.bodyJson());
        DrillState state = drill.state();
        if (state == DrillState.CREATED || state == DrillState.ENDED) {
            // an alert outside the drill says nothing of how the team met its faults
            throw new Problem(409, "Conflict", state == DrillState.CREATED ? "the drill has not started; alerts count from its start"
                    : "the drill has ended; its timeline is closed");
        }
        List<AlertChanged> changes = drill.receiveAlerts(whose, source, alerts);
        x.json(200, Map.of("received", alerts.size(), "changed", changes.stream()
                .map(c -> c.rule() + " " + c.state().name().toLowerCase(java.util.Locale.ROOT)).toList()));
    }

    private static Map<String, Object> agentView(AgentHub.AgentView agent) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("name", agent.name());
        view.put("connected", agent.connected());
        view.put("host", agent.host());
        view.put("lastSeen", agent.lastSeen().getEpochSecond() == 0 ? null : agent.lastSeen().toString());
        view.put("allowed", agent.allowed());
        return view;
    }

    private static String address(java.net.InetSocketAddress address) {
        return address.getAddress().getHostAddress() + ":" + address.getPort();
    }
}
