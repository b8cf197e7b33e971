package dev.kunren.shop.console;

import dev.kunren.shop.Shop;
import dev.kunren.shop.audit.AuditEntry;
import dev.kunren.shop.audit.AuditQuery;
import dev.kunren.shop.compute.InstanceView;
import dev.kunren.shop.compute.Regions;
import dev.kunren.shop.compute.ScalingGroupView;
import dev.kunren.shop.database.DbProcess;
import dev.kunren.shop.database.NodeStatus;
import dev.kunren.shop.iam.AccessKey;
import dev.kunren.shop.instance.WebInstance;
import dev.kunren.shop.logs.LogLine;
import dev.kunren.shop.metrics.ShopMetrics;
import dev.kunren.shop.network.Route;
import dev.kunren.shop.registry.Image;
import dev.kunren.shop.storage.ObjectVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What the console shows: every resource, metrics, logs and the audit trail. Reads are not audited. */
public final class ConsoleView {

    private final Shop shop;

    ConsoleView(Shop shop) {
        this.shop = shop;
    }

    /** One line per resource of a region (all regions if empty), as a resource explorer lists them. */
    public record Resource(String region, String type, String id, String status) {
    }

    public List<Resource> resources(Optional<String> region) {
        region.filter(r -> !Regions.ALL.contains(r)).ifPresent(r -> {
            throw ConsoleException.notFound("no region " + r + "; regions are " + Regions.ALL);
        });
        List<Resource> resources = new ArrayList<>();
        for (InstanceView i : shop.fleet().instances(region)) {
            resources.add(new Resource(i.region(), "instance", i.id(), i.state().name().toLowerCase()
                    + (i.state().name().equals("RUNNING") && !i.appRunning() && !i.version().isEmpty() ? " (application down)" : "")));
        }
        if (region.map(Regions.PRIMARY::equals).orElse(true)) {
            ScalingGroupView group = shop.fleet().group();
            resources.add(new Resource(Regions.PRIMARY, "auto-scaling-group", group.name(),
                    group.inService() + "/" + group.desired() + " in service"));
            resources.add(new Resource(Regions.PRIMARY, "load-balancer", "shop-lb", shop.instancesInRotation() + " healthy targets"));
            for (NodeStatus node : shop.database().nodes()) {
                resources.add(new Resource(Regions.PRIMARY, "database", node.name(),
                        node.role().name().toLowerCase() + (node.running() ? "" : ", stopped")));
            }
            resources.add(new Resource(Regions.PRIMARY, "cache", "shop-cache", shop.cache().size() + " entries"));
            resources.add(new Resource(Regions.PRIMARY, "bucket", Shop.CONFIG_BUCKET, "versioned"));
            resources.add(new Resource(Regions.PRIMARY, "image-repository", dev.kunren.shop.registry.ImageRegistry.REPOSITORY,
                    shop.registry().images().size() + " images"));
        }
        return resources;
    }

    public List<InstanceView> instances(Optional<String> region) {
        return shop.fleet().instances(region);
    }

    public InstanceView instance(String id) {
        return shop.fleet().instance(id);
    }

    /** An instance's processes as {@code ps} lists them: the application, and anything runaway. */
    public record Process(int pid, String command, double cpuPercent) {
    }

    public List<Process> processes(String instance) {
        WebInstance app = shop.fleet().app(instance);
        List<Process> processes = new ArrayList<>();
        if (app.isRunning()) {
            processes.add(new Process(1, "java -jar shop-web.jar", Math.round(app.capacity().cpuPercent()
                    - app.hog().map(WebInstance.HogProcess::cpuPercent).orElse(0.0))));
        }
        app.hog().ifPresent(h -> processes.add(new Process(h.pid(), h.command(), h.cpuPercent())));
        return processes;
    }

    public ScalingGroupView scalingGroup() {
        return shop.fleet().group();
    }

    public List<Image> images() {
        return shop.registry().images();
    }

    public boolean lifecycleRuleEnabled() {
        return shop.registry().lifecycleRuleEnabled();
    }

    public List<String> objects() {
        return shop.configBucket().keys();
    }

    public List<ObjectVersion> objectVersions(String key) {
        return shop.configBucket().versions(key);
    }

    public ObjectVersion object(String key, Optional<Integer> version) {
        return version.map(v -> shop.configBucket().version(key, v)).orElseGet(() -> shop.configBucket().latest(key));
    }

    /** The database as the console describes it. */
    public record DatabaseView(List<NodeStatus> nodes, String writerEndpoint, Double replicaLagSeconds,
                               long unreplicatedWrites, boolean autoFailover) {
    }

    public DatabaseView database() {
        return new DatabaseView(shop.database().nodes(), shop.database().writerEndpoint(),
                shop.database().replicaLag(shop.now()).map(d -> d.toMillis() / 1000.0).orElse(null),
                shop.database().unreplicatedWrites(), shop.database().autoFailover());
    }

    /** A running query with its age in drill seconds. */
    public record Query(int pid, String node, String user, String query, double ageSeconds, String state) {
    }

    public List<Query> processList(Optional<String> node) {
        double now = shop.now().toMillis() / 1000.0;
        return shop.database().processList(node).stream().map(p -> new Query(p.pid(), p.node(), p.user(), p.query(),
                Math.max(0, now - p.startedAt().toMillis() / 1000.0), state(p))).toList();
    }

    private static String state(DbProcess process) {
        return switch (process.effect()) {
            case NONE -> "active";
            case LOCKS_ORDERS -> "active, holding lock on orders";
            case SLOWS_QUERIES -> "active, seq scan";
            case BLOCKS_REPLICATION -> "active, conflicts with recovery";
        };
    }

    public List<Route> routes() {
        return shop.network().routes();
    }

    public List<AccessKey> accessKeys() {
        return shop.accessKeys().keys();
    }

    /** The cache as the console describes it. */
    public record CacheView(int entries, long hits, long misses) {
    }

    public CacheView cache() {
        return new CacheView(shop.cache().size(), shop.cache().hits(), shop.cache().misses());
    }

    public List<AuditEntry> audit(AuditQuery query) {
        return shop.audit().query(query);
    }

    public List<LogLine> logs(Optional<String> component, Optional<String> text, int limit) {
        return shop.logs().search(component, text, Math.min(Math.max(limit, 1), 1_000));
    }

    /** The environment's metrics in Prometheus' text format. */
    public String prometheus(Map<String, String> labels) {
        return ShopMetrics.prometheus(shop, labels);
    }

    public Map<String, Double> gauges() {
        return ShopMetrics.gauges(shop);
    }
}
