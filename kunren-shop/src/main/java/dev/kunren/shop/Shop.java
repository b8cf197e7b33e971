package dev.kunren.shop;

import dev.kunren.proxy.TcpProxy;
import dev.kunren.proxy.toxic.ToxicSpec;
import dev.kunren.shop.audit.AuditLog;
import dev.kunren.shop.balancer.HealthChange;
import dev.kunren.shop.balancer.LoadBalancer;
import dev.kunren.shop.cache.Cache;
import dev.kunren.shop.compute.Fleet;
import dev.kunren.shop.compute.InstanceState;
import dev.kunren.shop.compute.InstanceView;
import dev.kunren.shop.compute.Regions;
import dev.kunren.shop.config.AppConfig;
import dev.kunren.shop.console.Console;
import dev.kunren.shop.database.Database;
import dev.kunren.shop.database.Failover;
import dev.kunren.shop.iam.AccessKeys;
import dev.kunren.shop.instance.Backends;
import dev.kunren.shop.instance.WebInstance;
import dev.kunren.shop.logs.LogBook;
import dev.kunren.shop.network.NetworkRules;
import dev.kunren.shop.payment.PaymentClient;
import dev.kunren.shop.payment.PaymentService;
import dev.kunren.shop.registry.ImageRegistry;
import dev.kunren.shop.storage.Bucket;
import dev.kunren.shop.store.ShopStore;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.function.Consumer;

/**
 * One team's practice environment: a load balancer in front of an auto-scaling group of web
 * instances (each reached through a fault-proxy link), a primary/replica database, a cache, a
 * versioned config bucket, an image registry, an external payment API (through its own link),
 * access keys, two regions, an audit trail and logs. Every server listens on its own loopback port.
 * The team operates it through {@link #console()}.
 */
public final class Shop implements AutoCloseable {

    public static final String CONFIG_BUCKET = "shop-config";
    static final List<String> IMAGE_VERSIONS = List.of("v1.0", "v1.1");

    private final InstantSource drillClock;
    private final LogBook logs;
    private final AuditLog audit = new AuditLog();
    private final NetworkRules network = new NetworkRules();
    private final Bucket configBucket = new Bucket(CONFIG_BUCKET);
    private final Cache cache = new Cache();
    private final ShopStore store = new ShopStore();
    private final Database database;
    private final ImageRegistry registry;
    private final AccessKeys keys;
    private final PaymentService payment;
    private final TcpProxy paymentLink;
    private final PaymentClient paymentClient;
    private final LoadBalancer balancer;
    private final Fleet fleet;
    private final Console console;

    private Shop(ShopConfig config, InstantSource drillClock, long seed) throws IOException {
        Random random = new Random(seed);
        this.drillClock = drillClock;
        this.logs = new LogBook(drillClock);
        this.database = new Database(store, config.replicationLag());
        this.registry = new ImageRegistry(IMAGE_VERSIONS, config.imageBuildTime(), random.nextLong());
        this.keys = new AccessKeys(random.nextLong());
        configBucket.put(AppConfig.KEY, AppConfig.DEFAULT_JSON, Duration.ZERO, "provisioning");
        PaymentService startedPayment = null;
        TcpProxy startedLink = null;
        LoadBalancer startedBalancer = null;
        try {
            startedPayment = new PaymentService();
            startedLink = TcpProxy.start("web-payment", loopback(0), loopback(startedPayment.port()),
                    new Random(random.nextLong()));
            startedBalancer = new LoadBalancer(List.of(), config.healthCheck());
        } catch (IOException | RuntimeException e) {
            closeQuietly(startedBalancer, startedLink, startedPayment);
            throw e;
        }
        this.payment = startedPayment;
        this.paymentLink = startedLink;
        this.balancer = startedBalancer;
        this.paymentClient = new PaymentClient(paymentLink.listenAddress());
        Backends backends = new Backends(database, cache, paymentClient, network, configBucket, logs, drillClock);
        this.fleet = new Fleet(new Fleet.Settings(config.minInstances(), config.maxInstances(), config.instances(),
                config.capacityPerSecond(), config.bootTime(), config.restartTime(), IMAGE_VERSIONS.getLast()),
                backends, registry, balancer, audit, random.nextLong());
        this.console = new Console(this);
        network.onChange(this::applyRoute);
        try {
            fleet.startInitial();
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Starts an environment whose modelled time runs on {@code drillClock}. */
    public static Shop start(ShopConfig config, InstantSource drillClock) throws IOException {
        return start(config, drillClock, 0);
    }

    /** As {@link #start(ShopConfig, InstantSource)}, with a seed for everything random in it. */
    public static Shop start(ShopConfig config, InstantSource drillClock, long seed) throws IOException {
        return new Shop(config, drillClock, seed);
    }

    /** Routes the network rules cannot cut in process are cut on the real proxy links. */
    private void applyRoute(String route, boolean allowed) {
        if (route.equals(NetworkRules.LB_TO_WEB)) {
            fleet.setRouteCut(!allowed);
        } else if (route.equals(NetworkRules.WEB_TO_PAYMENT)) {
            ToxicSpec drop = Fleet.routeCutToxic();
            if (allowed) {
                paymentLink.removeToxic(drop.name());
            } else if (paymentLink.toxic(drop.name()).isEmpty()) {
                paymentLink.addToxic(drop);
            }
        }
        logs.warn("network", "route " + route + (allowed ? " allowed" : " denied"));
    }

    /** Moves the environment to drill time {@code now}: boots, scaling, replication, failover. */
    public void tick(Duration now) {
        fleet.tick(now);
        database.tick(now);
    }

    /** Where customers send their requests: the load balancer. */
    public URI uri() {
        return balancer.uri();
    }

    public Console console() {
        return console;
    }

    /** Web instances that are not terminated, in launch order. */
    public List<String> instanceIds() {
        return fleet.instances(Optional.of(Regions.PRIMARY)).stream()
                .filter(i -> i.state() != InstanceState.TERMINATED && i.type().equals(Fleet.WEB_TYPE))
                .map(InstanceView::id).toList();
    }

    /** The web application on an instance. */
    public WebInstance instance(String id) {
        return fleet.app(id);
    }

    /** The proxy link between the load balancer and an instance, where network faults go. */
    public TcpProxy link(String instanceId) {
        return fleet.link(instanceId).orElseThrow(() -> dev.kunren.shop.console.ConsoleException.conflict(
                instanceId + " has no load balancer link (it never started)"));
    }

    /** The proxy link between the web instances and the payment API. */
    public TcpProxy paymentLink() {
        return paymentLink;
    }

    public ShopStore store() {
        return store;
    }

    public Database database() {
        return database;
    }

    public Fleet fleet() {
        return fleet;
    }

    public Bucket configBucket() {
        return configBucket;
    }

    public ImageRegistry registry() {
        return registry;
    }

    public AccessKeys accessKeys() {
        return keys;
    }

    public NetworkRules network() {
        return network;
    }

    public Cache cache() {
        return cache;
    }

    public AuditLog audit() {
        return audit;
    }

    public LogBook logs() {
        return logs;
    }

    public PaymentClient payments() {
        return paymentClient;
    }

    public PaymentService paymentService() {
        return payment;
    }

    public Duration now() {
        return DrillTime.now(drillClock);
    }

    public void onFailover(Consumer<Failover> listener) {
        database.onFailover(listener);
    }

    /** One round of load-balancer health checks; returns what changed. */
    public List<HealthChange> checkHealth() {
        List<HealthChange> changes = balancer.checkHealth();
        changes.forEach(c -> logs.info("lb", "target " + c.instanceId() + (c.healthy() ? " healthy" : " unhealthy")));
        return changes;
    }

    public List<InstanceStatus> status() {
        return fleet.instances(Optional.of(Regions.PRIMARY)).stream()
                .filter(i -> i.state() != InstanceState.TERMINATED && i.type().equals(Fleet.WEB_TYPE))
                .map(i -> new InstanceStatus(i.id(), i.appRunning(), i.inRotation(), i.cpuPercent()))
                .toList();
    }

    /** Clears the modelled load, e.g. after warm-up requests sent before the drill clock started. */
    public void forgetLoad() {
        for (String id : instanceIds()) {
            fleet.app(id).capacity().forgetLoad();
        }
    }

    public int instancesInRotation() {
        return balancer.healthyCount();
    }

    @Override
    public void close() {
        closeQuietly(balancer, fleet, paymentClient, paymentLink, payment);
    }

    private static void closeQuietly(AutoCloseable... parts) {
        for (AutoCloseable part : parts) {
            if (part != null) {
                try {
                    part.close();
                } catch (Exception e) {
                    // closing the rest matters more than one part that would not close
                }
            }
        }
    }

    private static InetSocketAddress loopback(int port) {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    }
}
