package dev.kunren.shop.console;

import dev.kunren.shop.Shop;
import dev.kunren.shop.audit.Actor;
import dev.kunren.shop.compute.Fleet;
import dev.kunren.shop.compute.Regions;
import dev.kunren.shop.config.AppConfig;
import dev.kunren.shop.database.DbProcess;
import dev.kunren.shop.database.Failover;
import dev.kunren.shop.iam.AccessKey;
import dev.kunren.shop.instance.WebInstance;
import dev.kunren.shop.registry.Image;
import dev.kunren.shop.registry.ImageRegistry;
import dev.kunren.shop.storage.ObjectVersion;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Every operation a team (or a scripted colleague, attacker or automation) can perform on the
 * environment, each recorded in the audit trail with actor, drill time, source, parameters and
 * result, refused or not. Operations a user would expect to be idempotent are: terminating a
 * terminated instance, revoking a revoked key, allowing an allowed route change nothing and say so.
 * Reads are in {@link ConsoleView} and are not audited.
 */
public final class Console {

    private final Shop shop;
    private final ConsoleView view;

    public Console(Shop shop) {
        this.shop = shop;
        this.view = new ConsoleView(shop);
    }

    public ConsoleView view() {
        return view;
    }

    /** The result of an operation: what changed, in words, and any value it returns. */
    public record Outcome(String result, Map<String, Object> details) {
        static Outcome of(String result) {
            return new Outcome(result, Map.of());
        }
    }

    // ---- compute ----

    public Outcome restartInstance(Actor actor, String id) {
        return audited(actor, "RebootInstances", id, Map.of(), () -> {
            shop.fleet().restart(id, shop.now());
            return Outcome.of("rebooting; the application is back after the restart time");
        });
    }

    public Outcome terminateInstance(Actor actor, String id) {
        return audited(actor, "TerminateInstances", id, Map.of(), () -> Outcome.of(
                shop.fleet().terminate(id, actor, shop.now()) ? "terminated" : "already terminated; nothing changed"));
    }

    public Outcome launchInstance(Actor actor) {
        return audited(actor, "RunInstances", Fleet.GROUP, Map.of(), () -> {
            String id = shop.fleet().launch(actor, shop.now());
            return new Outcome("launching " + id + "; in service after boot", Map.of("instance", id));
        });
    }

    public Outcome killProcess(Actor actor, String instance, int pid) {
        return audited(actor, "KillProcess", instance, Map.of("pid", String.valueOf(pid)), () -> {
            WebInstance app = shop.fleet().app(instance);
            if (!app.killProcess(pid)) {
                throw ConsoleException.notFound("no process " + pid + " on " + instance + " that can be killed");
            }
            return Outcome.of("killed process " + pid);
        });
    }

    public Outcome setGroupSizes(Actor actor, int min, int max, int desired) {
        return audited(actor, "UpdateAutoScalingGroup", Fleet.GROUP,
                Map.of("min", String.valueOf(min), "max", String.valueOf(max), "desired", String.valueOf(desired)), () -> {
                    shop.fleet().setSizes(min, max, desired, actor, shop.now());
                    return Outcome.of("min " + min + ", desired " + desired + ", max " + max);
                });
    }

    public Outcome setHealthReplacement(Actor actor, boolean enabled) {
        return audited(actor, "SetHealthReplacement", Fleet.GROUP, Map.of("enabled", String.valueOf(enabled)), () -> {
            shop.fleet().setHealthReplacement(enabled);
            return Outcome.of(enabled ? "unhealthy instances are now replaced automatically" : "health replacement off");
        });
    }

    public Outcome setTargetCpu(Actor actor, double percent) {
        return audited(actor, "PutScalingPolicy", Fleet.GROUP, Map.of("targetCpuPercent", String.valueOf(percent)), () -> {
            shop.fleet().setTargetCpu(percent);
            return Outcome.of(percent == 0 ? "target tracking off" : "tracking average CPU at " + percent + "%");
        });
    }

    public Outcome deploy(Actor actor, String version) {
        return audited(actor, "Deploy", Fleet.GROUP, Map.of("version", version), () -> {
            String previous = shop.fleet().deploy(version, shop.now());
            return new Outcome("deploying " + version + " (was " + previous + "); instances are replaced one at a time",
                    Map.of("previous", previous));
        });
    }

    public Outcome rollback(Actor actor) {
        return audited(actor, "Rollback", Fleet.GROUP, Map.of(), () -> {
            String previous = shop.fleet().previousVersion()
                    .orElseThrow(() -> ConsoleException.conflict("nothing to roll back to: no version was deployed before this one"));
            shop.fleet().deploy(previous, shop.now());
            return new Outcome("rolling back to " + previous + "; instances are replaced one at a time", Map.of("version", previous));
        });
    }

    // ---- image registry ----

    public Outcome rebuildImage(Actor actor, String version) {
        return audited(actor, "RebuildImage", ImageRegistry.REPOSITORY + ":" + version, Map.of(), () -> {
            Image image = shop.registry().rebuild(version, shop.now());
            shop.logs().info("registry", ImageRegistry.REPOSITORY + ":" + version + " build started, ready at drill time "
                    + image.readyAt().toSeconds() + "s");
            return new Outcome("ready at drill time " + image.readyAt().toSeconds() + "s", Map.of("digest", image.digest()));
        });
    }

    public Outcome setLifecycleRule(Actor actor, boolean enabled) {
        return audited(actor, "PutLifecyclePolicy", ImageRegistry.REPOSITORY, Map.of("enabled", String.valueOf(enabled)), () -> {
            shop.registry().setLifecycleRuleEnabled(enabled);
            return Outcome.of("lifecycle rule " + (enabled ? "enabled" : "disabled"));
        });
    }

    /** The lifecycle rule expiring an image: an automation, so it shows in the audit trail. */
    public Outcome expireImage(String version) {
        return audited(Actor.automation("registry-lifecycle-policy"), "DeleteImage", ImageRegistry.REPOSITORY + ":" + version,
                Map.of("rule", "expire images not pulled for 30 days"), () -> {
                    if (!shop.registry().lifecycleRuleEnabled()) {
                        throw ConsoleException.conflict("the lifecycle rule is disabled");
                    }
                    return Outcome.of(shop.registry().delete(version) ? "deleted" : "already deleted");
                });
    }

    // ---- config bucket ----

    public Outcome putObject(Actor actor, String key, String content) {
        // the content is kept with the call (config objects are small) so a drill taken back after a crash can write it again
        return audited(actor, "PutObject", Shop.CONFIG_BUCKET + "/" + key,
                Map.of("bytes", String.valueOf(content.length()), "content", content), () -> {
            ObjectVersion version = shop.configBucket().put(key, content, shop.now(), actor.name());
            return new Outcome("stored as version " + version.version(), Map.of("version", version.version()));
        });
    }

    public Outcome restoreObject(Actor actor, String key, int version) {
        return audited(actor, "RestoreObjectVersion", Shop.CONFIG_BUCKET + "/" + key, Map.of("version", String.valueOf(version)), () -> {
            ObjectVersion restored = shop.configBucket().restore(key, version, shop.now(), actor.name());
            return new Outcome("version " + version + " restored as version " + restored.version()
                    + "; reload the config for instances to use it", Map.of("version", restored.version()));
        });
    }

    public Outcome reloadConfig(Actor actor) {
        return audited(actor, "ReloadConfig", Fleet.GROUP, Map.of(), () -> {
            List<String> reloaded = shop.fleet().reloadConfig();
            int version = shop.configBucket().latest(AppConfig.KEY).version();
            return new Outcome("reloaded " + AppConfig.KEY + " version " + version + " on " + reloaded,
                    Map.of("instances", reloaded, "version", version));
        });
    }

    // ---- database ----

    public Outcome killQuery(Actor actor, int pid) {
        return audited(actor, "KillQuery", "database", Map.of("pid", String.valueOf(pid)), () -> {
            DbProcess killed = shop.database().kill(pid);
            shop.logs().warn(killed.node(), "terminating connection " + pid + " (" + killed.user() + ") due to administrator command");
            return Outcome.of("terminated " + pid + " on " + killed.node() + ": " + killed.query());
        });
    }

    public Outcome promoteReplica(Actor actor, String node) {
        return audited(actor, "PromoteReadReplica", node, Map.of(), () -> failoverOutcome(shop.database().promote(node, shop.now()),
                "; repoint the writer endpoint to it"));
    }

    public Outcome setWriterEndpoint(Actor actor, String node) {
        return audited(actor, "ModifyWriterEndpoint", "database", Map.of("node", node), () -> Outcome.of(
                shop.database().setWriter(node) ? "the application now writes to " + node : "already pointing at " + node));
    }

    public Outcome failover(Actor actor) {
        return audited(actor, "FailoverDBCluster", "database", Map.of(), () -> failoverOutcome(shop.database().failover(shop.now()), ""));
    }

    private Outcome failoverOutcome(Failover failover, String next) {
        shop.logs().warn(failover.to(), "promoted to primary; " + failover.lostWrites() + " unreplicated writes of "
                + failover.from() + " lost");
        return new Outcome(failover.to() + " promoted; lost " + failover.lostWrites() + " writes (" + failover.lostOrders()
                + " orders), recovery point " + failover.rpo().toMillis() + " ms" + next,
                Map.of("lostWrites", failover.lostWrites(), "lostOrders", failover.lostOrders(), "rpoMillis", failover.rpo().toMillis()));
    }

    public Outcome setAutoFailover(Actor actor, boolean enabled) {
        return audited(actor, "ModifyDBCluster", "database", Map.of("autoFailover", String.valueOf(enabled)), () -> {
            shop.database().setAutoFailover(enabled);
            return Outcome.of(enabled ? "automatic failover after " + dev.kunren.shop.database.Database.AUTO_FAILOVER_AFTER.toSeconds()
                    + "s of a dead primary" : "automatic failover off");
        });
    }

    public Outcome startDatabaseNode(Actor actor, String node) {
        return audited(actor, "StartDBInstance", node, Map.of(), () -> Outcome.of(
                shop.database().start(node, shop.now()) ? "started" : "already running"));
    }

    // ---- cache, network, keys ----

    public Outcome flushCache(Actor actor) {
        return audited(actor, "FlushCache", "cache", Map.of(), () -> Outcome.of("dropped " + shop.cache().flush() + " entries"));
    }

    public Outcome setRoute(Actor actor, String route, boolean allowed) {
        return audited(actor, allowed ? "AuthorizeRoute" : "RevokeRoute", route, Map.of(), () -> Outcome.of(
                shop.network().set(route, allowed) ? (allowed ? "allowed" : "denied") : "unchanged"));
    }

    public Outcome revokeKey(Actor actor, String keyId) {
        return audited(actor, "UpdateAccessKey", keyId, Map.of("status", "Inactive"), () -> Outcome.of(
                shop.accessKeys().revoke(keyId) ? "deactivated" : "already inactive"));
    }

    public Outcome rotateKey(Actor actor, String keyId) {
        return audited(actor, "RotateAccessKey", keyId, Map.of(), () -> {
            AccessKey fresh = shop.accessKeys().rotate(keyId, shop.now());
            return new Outcome("new key " + fresh.id() + " issued to " + fresh.user() + "; " + keyId + " deactivated",
                    Map.of("newKey", fresh.id()));
        });
    }

    /** Launches machines with an access key in any region, as the leaked-key attacker does. */
    public Outcome runInstancesWithKey(Actor actor, String region, String type, int count, double hourlyCostYen) {
        return audited(actor, "RunInstances", region, Map.of("type", type, "count", String.valueOf(count)), () -> {
            if (!Regions.ALL.contains(region)) {
                throw ConsoleException.invalid("no region " + region);
            }
            if (!shop.accessKeys().isActive(actor.accessKey())) {
                throw ConsoleException.conflict("AuthFailure: access key " + actor.accessKey() + " is not active");
            }
            List<String> ids = new java.util.ArrayList<>();
            for (int i = 0; i < count; i++) {
                ids.add(shop.fleet().launchOther(region, type, hourlyCostYen, actor, shop.now()));
            }
            return new Outcome("launched " + ids, Map.of("instances", ids));
        });
    }

    private Outcome audited(Actor actor, String operation, String resource, Map<String, String> parameters,
                            Supplier<Outcome> action) {
        Duration at = shop.now();
        try {
            Outcome outcome = action.get();
            shop.audit().record(at, actor, operation, resource, parameters, true, outcome.result());
            return outcome;
        } catch (ConsoleException e) {
            shop.audit().record(at, actor, operation, resource, parameters, false, e.getMessage());
            throw e;
        }
    }
}
