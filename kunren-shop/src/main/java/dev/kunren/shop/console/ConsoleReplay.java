package dev.kunren.shop.console;

import dev.kunren.shop.Shop;
import dev.kunren.shop.audit.Actor;
import dev.kunren.shop.compute.Fleet;
import java.util.Map;

/**
 * Performs again an operation the audit trail recorded, by its name, resource and parameters:
 * how a drill taken back after a crash rebuilds what the team did to its environment.
 */
public final class ConsoleReplay {

    private ConsoleReplay() {
    }

    /**
     * Performs the recorded operation as {@code actor}; a refusal is a {@link ConsoleException} as
     * at the time, and an operation this version cannot read is an {@link IllegalArgumentException}.
     */
    public static void perform(Console console, Actor actor, String operation, String resource, Map<String, String> parameters) {
        switch (operation) {
            case "RebootInstances" -> console.restartInstance(actor, resource);
            case "TerminateInstances" -> console.terminateInstance(actor, resource);
            case "RunInstances" -> {
                if (!resource.equals(Fleet.GROUP)) {
                    throw new IllegalArgumentException("RunInstances in " + resource + " is not the team's to repeat");
                }
                console.launchInstance(actor);
            }
            case "KillProcess" -> console.killProcess(actor, resource, integer(parameters, "pid"));
            case "UpdateAutoScalingGroup" -> console.setGroupSizes(actor, integer(parameters, "min"), integer(parameters, "max"),
                    integer(parameters, "desired"));
            case "SetHealthReplacement" -> console.setHealthReplacement(actor, bool(parameters, "enabled"));
            case "PutScalingPolicy" -> console.setTargetCpu(actor, Double.parseDouble(required(parameters, "targetCpuPercent")));
            case "Deploy" -> console.deploy(actor, required(parameters, "version"));
            case "Rollback" -> console.rollback(actor);
            case "RebuildImage" -> console.rebuildImage(actor, resource.substring(resource.indexOf(':') + 1));
            case "PutLifecyclePolicy" -> console.setLifecycleRule(actor, bool(parameters, "enabled"));
            case "PutObject" -> console.putObject(actor, objectKey(resource), required(parameters, "content"));
            case "RestoreObjectVersion" -> console.restoreObject(actor, objectKey(resource), integer(parameters, "version"));
            case "ReloadConfig" -> console.reloadConfig(actor);
            case "KillQuery" -> console.killQuery(actor, integer(parameters, "pid"));
            case "PromoteReadReplica" -> console.promoteReplica(actor, resource);
            case "ModifyWriterEndpoint" -> console.setWriterEndpoint(actor, required(parameters, "node"));
            case "FailoverDBCluster" -> console.failover(actor);
            case "ModifyDBCluster" -> console.setAutoFailover(actor, bool(parameters, "autoFailover"));
            case "StartDBInstance" -> console.startDatabaseNode(actor, resource);
            case "FlushCache" -> console.flushCache(actor);
            case "AuthorizeRoute" -> console.setRoute(actor, resource, true);
            case "RevokeRoute" -> console.setRoute(actor, resource, false);
            case "UpdateAccessKey" -> console.revokeKey(actor, resource);
            case "RotateAccessKey" -> console.rotateKey(actor, resource);
            default -> throw new IllegalArgumentException("no operation " + operation + " to repeat");
        }
    }

    private static String objectKey(String resource) {
        String prefix = Shop.CONFIG_BUCKET + "/";
        if (!resource.startsWith(prefix)) {
            throw new IllegalArgumentException("no object " + resource + " in " + Shop.CONFIG_BUCKET);
        }
        return resource.substring(prefix.length());
    }

    private static String required(Map<String, String> parameters, String name) {
        String value = parameters.get(name);
        if (value == null) {
            throw new IllegalArgumentException("the recorded call has no " + name);
        }
        return value;
    }

    private static int integer(Map<String, String> parameters, String name) {
        try {
            return Integer.parseInt(required(parameters, name));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("the recorded " + name + " is not a whole number");
        }
    }

    private static boolean bool(Map<String, String> parameters, String name) {
        return Boolean.parseBoolean(required(parameters, name));
    }
}
