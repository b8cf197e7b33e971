package dev.kunren.server.console;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kunren.engine.timeline.EventRecord;
import dev.kunren.engine.timeline.Timeline;
import dev.kunren.engine.timeline.TimelineEvent.AlertAcknowledged;
import dev.kunren.engine.timeline.TimelineEvent.AlertChanged;
import dev.kunren.engine.timeline.TimelineEvent.AlertState;
import dev.kunren.server.http.Exchange;
import dev.kunren.server.http.Problem;
import dev.kunren.server.http.Router;
import dev.kunren.shop.Shop;
import dev.kunren.shop.audit.Actor;
import dev.kunren.shop.audit.AuditQuery;
import dev.kunren.shop.console.Console;
import dev.kunren.shop.console.ConsoleException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The practice environment's console as REST routes, one set per team under a prefix that names
 * the team ({@code {team}}): resources, instances, the scaling group, images, the config bucket,
 * the database, cache, routes, access keys, the audit trail, logs, Prometheus metrics, alerts and
 * the team's own timeline. Who may read and who may operate, and under which name, is the
 * {@link Access}'s business; every operation is audited. See docs/console-api.md.
 */
public final class ConsoleRoutes {

    /** Decides who may do what, per request. */
    public interface Access {

        /** The team's environment, if the caller may read it; throws a {@link Problem} otherwise. */
        Shop shop(Exchange exchange);

        /** The caller, if they may operate the team's environment; throws a {@link Problem} otherwise. */
        Actor operator(Exchange exchange);

        /** The drill's timeline the team's alerts and events come from. */
        Timeline timeline(Exchange exchange);

        /** Who may read the team's environment, as its routes declare it. */
        Router.Access readers();

        /** Who may operate it. */
        Router.Access operators();
    }

    private final String prefix;
    private final Access access;
    private final Router router;

    private ConsoleRoutes(Router router, String prefix, Access access) {
        this.router = router;
        this.prefix = prefix;
        this.access = access;
    }

    /** Adds the console's routes under {@code prefix} (which must contain {@code {team}}) to a router. */
    public static void mount(Router router, String prefix, Access access) {
        router.mapErrors(e -> e instanceof ConsoleException c ? new Problem(c.kind().status(), title(c.kind()), c.getMessage()) : null);
        new ConsoleRoutes(router, prefix, access).routes();
    }

    private static String title(ConsoleException.Kind kind) {
        return switch (kind) {
            case NOT_FOUND -> "Not found";
            case CONFLICT -> "Conflict";
            case INVALID -> "Bad request";
        };
    }

    private void routes() {
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
        router.route("GET", prefix + "/metrics", access.readers(), x -> x.text(200, "text/plain; version=0.0.4; charset=utf-8",
                access.shop(x).console().view().prometheus(Map.of("team", x.path("team")))));
        // alerts and the timeline come from the drill's timeline, so they answer before the environment runs
        router.route("GET", prefix + "/alerts", access.readers(), x -> x.json(200, alerts(access.timeline(x), x.path("team"))));
        router.route("GET", prefix + "/timeline", access.readers(), x -> x.json(200,
                teamTimeline(access.timeline(x), x.path("team"), x.queryInt("after").orElse(0))));
    }

    private interface Read {
        Object read(Exchange exchange, Shop shop) throws IOException;
    }

    private interface Operation {
        Console.Outcome run(Exchange exchange, Shop shop, Actor actor) throws IOException;
    }

    private void get(String path, Read read) {
        router.route("GET", prefix + path, access.readers(), x -> x.json(200, read.read(x, access.shop(x))));
    }

    private void post(String path, Operation operation) {
        router.route("POST", prefix + path, access.operators(), x -> {
            Actor actor = access.operator(x);
            x.json(200, operation.run(x, access.shop(x), actor));
        });
    }

    private void put(String path, Operation operation) {
        router.route("PUT", prefix + path, access.operators(), x -> {
            Actor actor = access.operator(x);
            x.json(200, operation.run(x, access.shop(x), actor));
        });
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

    /**
     * Each alert rule's latest state for the team, from the timeline, with who acknowledged it
     * (and when) since it last fired.
     */
    public static Map<String, Object> alerts(Timeline timeline, String team) {
        Map<String, Map<String, Object>> latest = new LinkedHashMap<>();
        for (EventRecord record : timeline.records()) {
            if (!record.team().equals(team)) {
                continue;
            }
            if (record.event() instanceof AlertChanged change) {
                Map<String, Object> alert = new LinkedHashMap<>();
                alert.put("rule", change.rule());
                alert.put("severity", change.severity());
                alert.put("state", change.state().name().toLowerCase());
                alert.put("since", record.at().toMillis() / 1000.0);
                alert.put("summary", change.summary());
                alert.put("summaries", change.summaries());
                alert.put("value", change.value());
                alert.put("condition", change.condition());
                if (change.state() != AlertState.FIRING && latest.containsKey(change.rule())) {
                    Map<String, Object> before = latest.get(change.rule());
                    if (before.containsKey("acknowledgedBy")) {
                        alert.put("acknowledgedBy", before.get("acknowledgedBy"));
                        alert.put("acknowledgedAt", before.get("acknowledgedAt"));
                    }
                }
                latest.put(change.rule(), alert);
            } else if (record.event() instanceof AlertAcknowledged ack && latest.containsKey(ack.rule())) {
                latest.get(ack.rule()).put("acknowledgedBy", ack.by());
                latest.get(ack.rule()).put("acknowledgedAt", record.at().toMillis() / 1000.0);
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
    public static List<EventRecord> teamTimeline(Timeline timeline, String team, int after) {
        List<EventRecord> events = new ArrayList<>();
        for (EventRecord record : timeline.records()) {
            if (record.seq() > after && record.concerns(team) && !hiddenFromTeam(record)) {
                events.add(record);
            }
        }
        return events;
    }

    /** Whether a team may not see the event while the drill runs (what was injected, what observers wrote). */
    public static boolean hiddenFromTeam(EventRecord record) {
        return !dev.kunren.engine.timeline.Visibility.teamSees(record.event());
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
}
