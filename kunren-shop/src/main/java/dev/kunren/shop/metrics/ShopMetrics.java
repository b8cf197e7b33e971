package dev.kunren.shop.metrics;

import dev.kunren.shop.Shop;
import dev.kunren.shop.compute.InstanceState;
import dev.kunren.shop.compute.InstanceView;
import dev.kunren.shop.compute.Regions;
import dev.kunren.shop.compute.ScalingGroupView;
import dev.kunren.shop.database.NodeStatus;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The environment's numbers: as named gauges (what alert rules watch and the drill stores) and in
 * Prometheus' text exposition format (what a team scrapes from {@code /metrics}).
 */
public final class ShopMetrics {

    private ShopMetrics() {
    }

    /** The gauges alert rules can watch, by name. */
    public static Map<String, Double> gauges(Shop shop) {
        Map<String, Double> gauges = new LinkedHashMap<>();
        Duration now = shop.now();
        gauges.put("db_replica_lag_seconds", shop.database().replicaLag(now).map(d -> d.toMillis() / 1000.0).orElse(0.0));
        gauges.put("db_writable", shop.database().writable() ? 1.0 : 0.0);
        gauges.put("db_longest_query_seconds", longestQuerySeconds(shop, now));
        gauges.put("payment_failures_total", (double) shop.payments().failed());
        gauges.put("cost_yen_per_hour", shop.fleet().hourlyCostYen(Regions.PRIMARY) + shop.fleet().hourlyCostYen(Regions.SECONDARY));
        gauges.put("secondary_region_instances", (double) shop.fleet().aliveIn(Regions.SECONDARY));
        gauges.put("config_errors", (double) shop.fleet().instances(Optional.of(Regions.PRIMARY)).stream()
                .filter(i -> i.appRunning() && !i.configValid()).count());
        ScalingGroupView group = shop.fleet().group();
        gauges.put("asg_desired", (double) group.desired());
        gauges.put("asg_in_service", (double) group.inService());
        return gauges;
    }

    public static String prometheus(Shop shop, Map<String, String> labels) {
        String base = labels.entrySet().stream().map(e -> e.getKey() + "=\"" + escape(e.getValue()) + "\"")
                .collect(Collectors.joining(","));
        StringBuilder out = new StringBuilder();
        Duration now = shop.now();
        family(out, "kunren_instance_up", "gauge", "1 when the instance's application serves");
        family(out, "kunren_instance_cpu_percent", "gauge", "modelled CPU of an instance");
        family(out, "kunren_instance_in_rotation", "gauge", "1 when the load balancer sends it traffic");
        for (InstanceView i : shop.fleet().instances(Optional.empty())) {
            if (i.state() == InstanceState.TERMINATED) {
                continue;
            }
            String l = join(base, "instance=\"" + i.id() + "\",region=\"" + i.region() + "\"");
            sample(out, "kunren_instance_up", l, i.appRunning() ? 1 : 0);
            sample(out, "kunren_instance_cpu_percent", l, i.cpuPercent());
            sample(out, "kunren_instance_in_rotation", l, i.inRotation() ? 1 : 0);
        }
        family(out, "kunren_lb_healthy_targets", "gauge", "targets in rotation");
        sample(out, "kunren_lb_healthy_targets", base, shop.instancesInRotation());
        ScalingGroupView group = shop.fleet().group();
        family(out, "kunren_asg_desired_capacity", "gauge", "the scaling group's desired size");
        sample(out, "kunren_asg_desired_capacity", base, group.desired());
        family(out, "kunren_db_up", "gauge", "1 when a database node runs");
        for (NodeStatus node : shop.database().nodes()) {
            sample(out, "kunren_db_up", join(base, "node=\"" + node.name() + "\",role=\"" + node.role().name().toLowerCase(Locale.ROOT) + "\""),
                    node.running() ? 1 : 0);
        }
        family(out, "kunren_db_replica_lag_seconds", "gauge", "how far the replica trails the primary");
        sample(out, "kunren_db_replica_lag_seconds", base, shop.database().replicaLag(now).map(d -> d.toMillis() / 1000.0).orElse(0.0));
        family(out, "kunren_db_queries_running", "gauge", "queries in the process list");
        sample(out, "kunren_db_queries_running", base, shop.database().processList(Optional.empty()).size());
        family(out, "kunren_db_longest_query_seconds", "gauge", "age of the oldest running query");
        sample(out, "kunren_db_longest_query_seconds", base, longestQuerySeconds(shop, now));
        family(out, "kunren_cache_hits_total", "counter", "cache hits");
        sample(out, "kunren_cache_hits_total", base, shop.cache().hits());
        family(out, "kunren_cache_misses_total", "counter", "cache misses");
        sample(out, "kunren_cache_misses_total", base, shop.cache().misses());
        family(out, "kunren_payment_requests_total", "counter", "charges by result");
        sample(out, "kunren_payment_requests_total", join(base, "result=\"succeeded\""), shop.payments().succeeded());
        sample(out, "kunren_payment_requests_total", join(base, "result=\"failed\""), shop.payments().failed());
        sample(out, "kunren_payment_requests_total", join(base, "result=\"deferred\""), shop.payments().deferredCount());
        family(out, "kunren_orders", "gauge", "orders in the database");
        sample(out, "kunren_orders", base, shop.store().ordersPlaced());
        family(out, "kunren_cost_yen_per_hour", "gauge", "what the running instances cost, by region");
        for (String region : Regions.ALL) {
            sample(out, "kunren_cost_yen_per_hour", join(base, "region=\"" + region + "\""), shop.fleet().hourlyCostYen(region));
        }
        return out.toString();
    }

    /** Age of the oldest running query, in drill seconds; 0 when none runs. */
    private static double longestQuerySeconds(Shop shop, Duration now) {
        return shop.database().processList(Optional.empty()).stream()
                .mapToDouble(p -> (now.toMillis() - p.startedAt().toMillis()) / 1000.0).max().orElse(0);
    }

    private static void family(StringBuilder out, String name, String type, String help) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    private static void sample(StringBuilder out, String name, String labels, double value) {
        out.append(name);
        if (!labels.isEmpty()) {
            out.append('{').append(labels).append('}');
        }
        out.append(' ').append(value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value)).append('\n');
    }

    private static String join(String base, String more) {
        return base.isEmpty() ? more : base + "," + more;
    }

    private static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
