package dev.kunren.server.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kunren.engine.timeline.EventJson;
import dev.kunren.engine.timeline.EventRecord;
import dev.kunren.engine.timeline.Timeline;
import dev.kunren.engine.timeline.TimelineEvent.AlertChanged;
import dev.kunren.engine.timeline.TimelineEvent.AlertState;
import dev.kunren.engine.timeline.TimelineEvent.FaultInjected;
import dev.kunren.engine.timeline.TimelineEvent.FaultInjectionFailed;
import dev.kunren.engine.timeline.TimelineEvent.FaultReverted;
import dev.kunren.engine.timeline.TimelineEvent.RecurrenceEnded;
import dev.kunren.server.http.Exchange;
import dev.kunren.server.http.Problem;
import dev.kunren.server.http.Router;
import dev.kunren.shop.Shop;
import dev.kunren.shop.audit.Actor;
import dev.kunren.shop.audit.AuditQuery;
import dev.kunren.shop.console.Console;
import dev.kunren.shop.console.ConsoleException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The practice environment's console as a REST API, one set of routes per team under
 * {@code /api/teams/{team}}: resources, instances, the scaling group, images, the config bucket,
 * the database, cache, routes, access keys, the audit trail, logs, Prometheus metrics, alerts and
 * the team's own timeline. Operations name their actor in {@code X-Kunren-Actor}; every one is
 * audited. See docs/console-api.md.
 */
public final class ConsoleApi implements AutoCloseable {

    public static final String ACTOR_HEADER = "X-Kunren-Actor";
    private static final String TEAM = "/api/teams/{team}";

    private final List<String> teams;
    private final Function<String, Optional<Shop>> environments;
    private final Timeline timeline;
    private final ObjectMapper json = EventJson.mapper();
    private final Router router = new Router(json);

    public ConsoleApi(List<String> teams, Function<String, Optional<Shop>> environments, Timeline timeline) {
        this.teams = List.copyOf(teams);
        this.environments = environments;
        this.timeline = timeline;
        router.mapErrors(e -> e instanceof ConsoleException c ? new Problem(c.kind().status(), title(c.kind()), c.getMessage()) : null);
        routes();
    }

    public ConsoleApi start(InetSocketAddress address) throws IOException {
        router.start(address);
        return this;
    }

    public InetSocketAddress address() {
        return router.address();
    }

    private static String title(ConsoleException.Kind kind) {
        return switch (kind) {
            case NOT_FOUND -> "Not found";
            case CONFLICT -> "Conflict";
            case INVALID -> "Bad request";
        };
    }

    private void routes() {
        router.route("GET", "/api/teams", x -> x.json(200, Map.of("teams", teams)));
        get("", (x, s) -> Map.of("team", x.path("team"), "console", s.console().view().resources(Optional.empty()).size() + " resources"));
        get("/resources", (x, s) -> s.console().view().resources(x.query("region")));
        get("/instances", (x, s) -> s.console().view().instances(x.query("region")));
        get("/instances/{id}", (x, s) -> s.console().view().instance(x.path("id")));
        get("/instances/{id}/processes", (x, s) -> s.console().view().processes(x.path("id")));
        post("/instances", (x, s, a) -> s.console().launchInstance(a));
        post("/instances/{id}/restart", (x, s, a) -> s.console().restartInstance(a, x.path("id")));
        post("/instances/{id}/terminate", (x, s, a) -> s.console().terminateInstance(a, x.path("id")));
        post("/instances/{id}/processes/{pid}/kill", (x, s, a) -> s.console().killProcess(a, x.path("id"), pid(x)));
        get("/scaling-group", (x, s) -> s.console().view().scalingGroup());
        put("/scaling-group", this::updateGroup);
        post("/deployments", (x, s, a) -> s.console().deploy(a, text(x.bodyJson(), "version")));
        post("/deployments/rollback", (x, s, a) -> s.console().rollback(a));
        get("/images", (x, s) -> Map.of("images", s.console().view().images(), "lifecycleRuleEnabled",
                s.console().view().lifecycleRuleEnabled()));
        post("/images/{version}/rebuild", (x, s, a) -> s.console().rebuildImage(a, x.path("version")));
        put("/images/lifecycle-rule", (x, s, a) -> s.console().setLifecycleRule(a, bool(x.bodyJson(), "enabled")));
        get("/buckets/{bucket}/objects", (x, s) -> {
            bucket(x, s);
            return s.console().view().objects();
        });
        get("/buckets/{bucket}/objects/{key}", (x, s) -> {
            bucket(x, s);
            return s.console().view().object(x.path("key"), x.queryInt("version"));
        });
        get("/buckets/{bucket}/objects/{key}/versions", (x, s) -> {
            bucket(x, s);
            return s.console().view().objectVersions(x.path("key"));
        });
        put("/buckets/{bucket}/objects/{key}", (x, s, a) -> {
            bucket(x, s);
            return s.console().putObject(a, x.path("key"), x.bodyText());
        });
        post("/buckets/{bucket}/objects/{key}/restore", (x, s, a) -> {
            bucket(x, s);
            return s.console().restoreObject(a, x.path("key"), integer(x.bodyJson(), "version"));
        });
        post("/config/reload", (x, s, a) -> s.console().reloadConfig(a));
        get("/database", (x, s) -> s.console().view().database());
        get("/database/processes", (x, s) -> s.console().view().processList(x.query("node")));
        post("/database/processes/{pid}/kill", (x, s, a) -> s.console().killQuery(a, pid(x)));
        post("/database/nodes/{node}/promote", (x, s, a) -> s.console().promoteReplica(a, x.path("node")));
        post("/database/nodes/{node}/start", (x, s, a) -> s.console().startDatabaseNode(a, x.path("node")));
        put("/database/writer", (x, s, a) -> s.console().setWriterEndpoint(a, text(x.bodyJson(), "node")));
        post("/database/failover", (x, s, a) -> s.console().failover(a));
        put("/database/auto-failover", (x, s, a) -> s.console().setAutoFailover(a, bool(x.bodyJson(), "enabled")));
        get("/cache", (x, s) -> s.console().view().cache());
        post("/cache/flush", (x, s, a) -> s.console().flushCache(a));
        get("/routes", (x, s) -> s.console().view().routes());
        put("/routes/{id}", (x, s, a) -> s.console().setRoute(a, x.path("id"), bool(x.bodyJson(), "allowed")));
        get("/access-keys", (x, s) -> s.console().view().accessKeys());
        post("/access-keys/{id}/revoke", (x, s, a) -> s.console().revokeKey(a, x.path("id")));
        post("/access-keys/{id}/rotate", (x, s, a) -> s.console().rotateKey(a, x.path("id")));
        get("/audit", (x, s) -> s.console().view().audit(auditQuery(x)));
        get("/logs", (x, s) -> s.console().view().logs(x.query("component"), x.query("q"), x.queryInt("limit").orElse(200)));
        router.route("GET", TEAM + "/metrics", x -> x.text(200, "text/plain; version=0.0.4; charset=utf-8",
                shop(x).console().view().prometheus(Map.of("team", x.path("team")))));
        get("/alerts", (x, s) -> alerts(x.path("team")));
        get("/timeline", (x, s) -> teamTimeline(x.path("team"), x.queryInt("after").orElse(0)));
    }

    private interface Read {
        Object read(Exchange exchange, Shop shop) throws IOException;
    }

    private interface Operation {
        Console.Outcome run(Exchange exchange, Shop shop, Actor actor) throws IOException;
    }

    private void get(String path, Read read) {
        router.route("GET", TEAM + path, x -> x.json(200, read.read(x, shop(x))));
    }

    private void post(String path, Operation operation) {
        router.route("POST", TEAM + path, x -> x.json(200, operation.run(x, shop(x), actor(x))));
    }

    private void put(String path, Operation operation) {
        router.route("PUT", TEAM + path, x -> x.json(200, operation.run(x, shop(x), actor(x))));
    }

    private Shop shop(Exchange x) {
        String team = x.path("team");
        if (!teams.contains(team)) {
            throw Problem.notFound("no team " + team + " in this drill; teams are " + teams);
        }
        return environments.apply(team).orElseThrow(() -> new Problem(503, "Not running",
                "team " + team + "'s environment is not running: the drill has not started yet, or has ended"));
    }

    private static Actor actor(Exchange x) {
        String name = x.header(ACTOR_HEADER).map(String::strip).orElse("");
        if (!name.matches("[\\p{L}\\p{N}][\\p{L}\\p{N} ._@-]{0,39}")) {
            throw Problem.badRequest("say who you are in the " + ACTOR_HEADER
                    + " header: 1 to 40 letters, digits, spaces or ._@-, e.g. \"alice\"");
        }
        return Actor.of(name, "console");
    }

    private static void bucket(Exchange x, Shop shop) {
        if (!x.path("bucket").equals(Shop.CONFIG_BUCKET)) {
            throw Problem.notFound("no bucket " + x.path("bucket") + "; the account has " + Shop.CONFIG_BUCKET);
        }
    }

    private Console.Outcome updateGroup(Exchange x, Shop shop, Actor actor) throws IOException {
        JsonNode body = x.bodyJson();
        var group = shop.console().view().scalingGroup();
        Console.Outcome outcome = null;
        if (body.has("min") || body.has("max") || body.has("desired")) {
            outcome = shop.console().setGroupSizes(actor, optionalInt(body, "min", group.min()),
                    optionalInt(body, "max", group.max()), optionalInt(body, "desired", group.desired()));
        }
        if (body.has("healthReplacement")) {
            outcome = shop.console().setHealthReplacement(actor, bool(body, "healthReplacement"));
        }
        if (body.has("targetCpuPercent")) {
            JsonNode target = body.get("targetCpuPercent");
            if (!target.isNumber()) {
                throw Problem.badRequest("targetCpuPercent must be a number (0 turns target tracking off)");
            }
            outcome = shop.console().setTargetCpu(actor, target.asDouble());
        }
        if (outcome == null) {
            throw Problem.badRequest("say what to change: min, max, desired, healthReplacement or targetCpuPercent");
        }
        return outcome;
    }

    private static AuditQuery auditQuery(Exchange x) {
        return new AuditQuery(x.query("actor"), x.query("resource"), x.query("operation"),
                x.queryInt("from").map(Duration::ofSeconds), x.queryInt("to").map(Duration::ofSeconds),
                Math.min(Math.max(x.queryInt("limit").orElse(200), 1), AuditQuery.MAX_LIMIT));
    }

    /** Each alert rule's latest state for the team, from the timeline. */
    private Map<String, Object> alerts(String team) {
        Map<String, Map<String, Object>> latest = new LinkedHashMap<>();
        for (EventRecord record : timeline.records()) {
            if (record.team().equals(team) && record.event() instanceof AlertChanged change) {
                latest.put(change.rule(), Map.of("rule", change.rule(), "severity", change.severity(),
                        "state", change.state().name().toLowerCase(), "since", record.at().toMillis() / 1000.0,
                        "summary", change.summary(), "value", change.value()));
            }
        }
        List<Map<String, Object>> firing = latest.values().stream()
                .filter(a -> a.get("state").equals(AlertState.FIRING.name().toLowerCase())).toList();
        return Map.of("firing", firing, "rules", List.copyOf(latest.values()));
    }

    /**
     * The team's own timeline after a sequence number. What was injected stays hidden until the
     * debrief: fault events are facilitator-only, as in a GameDay.
     */
    private List<EventRecord> teamTimeline(String team, int after) {
        List<EventRecord> events = new ArrayList<>();
        for (EventRecord record : timeline.records()) {
            if (record.seq() > after && record.concerns(team) && !facilitatorOnly(record)) {
                events.add(record);
            }
        }
        return events;
    }

    static boolean facilitatorOnly(EventRecord record) {
        return record.event() instanceof FaultInjected || record.event() instanceof FaultReverted
                || record.event() instanceof FaultInjectionFailed || record.event() instanceof RecurrenceEnded;
    }

    private static int pid(Exchange x) {
        try {
            return Integer.parseInt(x.path("pid"));
        } catch (NumberFormatException e) {
            throw Problem.notFound("no process " + x.path("pid"));
        }
    }

    private static String text(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw Problem.badRequest("the body needs \"" + field + "\" as a non-empty string");
        }
        return value.asText();
    }

    private static boolean bool(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || !value.isBoolean()) {
            throw Problem.badRequest("the body needs \"" + field + "\": true or false");
        }
        return value.asBoolean();
    }

    private static int integer(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || !value.canConvertToInt() || !value.isIntegralNumber()) {
            throw Problem.badRequest("the body needs \"" + field + "\" as a whole number");
        }
        return value.asInt();
    }

    private static int optionalInt(JsonNode body, String field, int fallback) {
        return body.has(field) ? integer(body, field) : fallback;
    }

    @Override
    public void close() {
        router.close();
    }
}
