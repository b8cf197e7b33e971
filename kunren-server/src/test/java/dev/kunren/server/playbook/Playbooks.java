package dev.kunren.server.playbook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * The ideal team of each shipped scenario: it follows scenarios/runbooks/NAME.md step by step
 * through the console API, as a newcomer could. Each step reads first, then acts on what it read.
 */
final class Playbooks {

    @FunctionalInterface
    interface Playbook {
        void play(TeamConsole console) throws Exception;
    }

    private Playbooks() {
    }

    static final Map<String, Playbook> IDEAL = Map.ofEntries(
            Map.entry("first-drill", Playbooks::restartDeadInstance),
            Map.entry("cpu-hog", c -> {
                c.awaitFiring("web-cpu-high");
                killRunawayProcess(c);
            }),
            Map.entry("traffic-spike", c -> {
                c.awaitFiring("availability-low");
                c.put("/scaling-group", "{\"min\":2,\"desired\":10,\"max\":12}");
            }),
            Map.entry("slow-link", c -> {
                c.awaitFiring("latency-high");
                // The runbook: compare instances; the slow one is replaced, the group launches a new one.
                c.post("/instances/web-1/terminate");
            }),
            Map.entry("bad-config", Playbooks::restoreConfig),
            Map.entry("image-deleted", c -> {
                c.awaitFiring("availability-low");
                c.put("/scaling-group", "{\"min\":2,\"desired\":5,\"max\":6}");
                c.awaitJson("/instances", instances -> any(instances, i -> i.path("reason").asText().contains("not found")));
                JsonNode deletions = c.get("/audit?operation=DeleteImage");
                String image = deletions.get(0).path("resource").asText();
                c.post("/images/" + image.substring(image.indexOf(':') + 1) + "/rebuild");
                c.put("/images/lifecycle-rule", "{\"enabled\":false}");
            }),
            Map.entry("route-cut", c -> {
                c.awaitFiring("error-rate-high");
                c.get("/logs?q=payment");
                for (JsonNode route : c.get("/routes")) {
                    if (!route.path("allowed").asBoolean()) {
                        c.put("/routes/" + route.path("id").asText(), "{\"allowed\":true}");
                    }
                }
            }),
            Map.entry("db-failover", c -> {
                c.awaitFiring("replica-lag-high");
                killForeignQueries(c, "db-2");
                c.awaitFiring("database-not-writable");
                c.post("/database/failover");
            }),
            Map.entry("leaked-key", c -> {
                c.awaitFiring("instances-in-other-region");
                JsonNode rogue = c.get("/instances?region=us-west-2");
                String key = rogue.get(0).path("accessKey").asText();
                c.post("/access-keys/" + key + "/rotate");
                for (JsonNode instance : c.get("/instances?region=us-west-2")) {
                    if (!instance.path("state").asText().equals("TERMINATED")) {
                        c.post("/instances/" + instance.path("id").asText() + "/terminate");
                    }
                }
            }),
            Map.entry("slow-queries", c -> {
                c.awaitFiring("latency-high");
                killForeignQueries(c, "db-1");
            }),
            Map.entry("payment-outage", c -> {
                c.awaitFiring("error-rate-high");
                ObjectNode config = (ObjectNode) new ObjectMapper().readTree(
                        c.get("/buckets/shop-config/objects/app-config.json").path("content").asText());
                config.put("paymentFallback", "defer");
                c.put("/buckets/shop-config/objects/app-config.json", config.toPrettyString());
                c.post("/config/reload");
                // step 5: run the incident from the terminal, as `kunren console acknowledge, declare, …` do
                c.post("/alerts/error-rate-high/acknowledge");
                c.post("/incidents", "{\"severity\":\"SEV2\",\"title\":\"Payments fail at checkout\",\"alertRule\":\"error-rate-high\"}");
                c.post("/incidents/INC-1/roles/incident-commander", "{}");
                c.post("/incidents/INC-1/roles/customer-liaison", "{\"person\":\"ben\"}");
                c.post("/incidents/INC-1/public-updates", "{\"status\":\"identified\",\"message\":\"Card payments are delayed; "
                        + "orders are safe and nobody is charged twice.\",\"components\":{\"checkout\":\"degraded-performance\"}}");
                // step 6: the customer's call at 2m
                c.awaitJson("/messages", messages -> messages.findValuesAsText("id").contains("customer-call"));
                c.post("/messages/customer-call/answers", "{\"text\":\"No, you were not charged; your order can go through now "
                        + "and is charged once the provider is back.\"}");
            }),
            Map.entry("gameday", c -> {
                c.awaitFiring("web-instance-down");
                c.put("/scaling-group", "{\"healthReplacement\":true}");
                restoreConfig(c);
            }));

    private static void restartDeadInstance(TeamConsole c) throws Exception {
        c.awaitFiring("web-instance-down");
        c.post("/alerts/web-instance-down/acknowledge");
        for (JsonNode instance : c.get("/instances")) {
            if (instance.path("state").asText().equals("RUNNING") && !instance.path("appRunning").asBoolean()) {
                c.post("/instances/" + instance.path("id").asText() + "/restart");
            }
        }
    }

    private static void killRunawayProcess(TeamConsole c) throws Exception {
        for (JsonNode instance : c.get("/instances")) {
            if (instance.path("cpuPercent").asDouble() > 90) {
                String id = instance.path("id").asText();
                for (JsonNode process : c.get("/instances/" + id + "/processes")) {
                    if (process.path("pid").asInt() != 1) {
                        c.post("/instances/" + id + "/processes/" + process.path("pid").asInt() + "/kill");
                    }
                }
            }
        }
    }

    /** The runbook of seed 000: who changed the config (audit), which version was good, restore it, reload. */
    private static void restoreConfig(TeamConsole c) throws Exception {
        c.awaitFiring("config-errors");
        JsonNode push = c.get("/audit?operation=PutObject").get(0);
        int bad = push.path("result").asText().replaceAll("\\D+", " ").trim().split(" ")[0].isEmpty() ? 0
                : Integer.parseInt(push.path("result").asText().replaceAll("\\D+", " ").trim().split(" ")[0]);
        c.post("/buckets/shop-config/objects/app-config.json/restore", "{\"version\":" + (bad - 1) + "}");
        c.post("/config/reload");
    }

    private static void killForeignQueries(TeamConsole c, String node) throws Exception {
        for (JsonNode query : c.get("/database/processes?node=" + node)) {
            if (!query.path("user").asText().equals("shop_app")) {
                c.post("/database/processes/" + query.path("pid").asInt() + "/kill");
            }
        }
    }

    private static boolean any(JsonNode array, java.util.function.Predicate<JsonNode> test) {
        for (JsonNode item : array) {
            if (test.test(item)) {
                return true;
            }
        }
        return false;
    }
}
