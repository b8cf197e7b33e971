package dev.kunren.shop.compute;

import dev.kunren.proxy.TcpProxy;
import dev.kunren.proxy.toxic.ToxicSpec;
import dev.kunren.shop.audit.Actor;
import dev.kunren.shop.audit.AuditLog;
import dev.kunren.shop.balancer.LoadBalancer;
import dev.kunren.shop.balancer.Target;
import dev.kunren.shop.console.ConsoleException;
import dev.kunren.shop.instance.Backends;
import dev.kunren.shop.instance.WebInstance;
import dev.kunren.shop.logs.LogBook;
import dev.kunren.shop.registry.ImageRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * Every virtual machine of the account and the web tier's auto-scaling group. Web instances boot
 * for a modelled time, start the application from an image (a deleted image makes the launch
 * fail), and join the load balancer through their own fault-proxy link. The group keeps its
 * desired size, and, if the team enables them, replaces unhealthy instances and tracks a CPU
 * target. {@link #tick(Duration)} moves all of it forward in drill time.
 */
public final class Fleet implements AutoCloseable {

    public static final String GROUP = "shop-web-asg";
    public static final String WEB_TYPE = "t3.medium";
    static final double WEB_COST_YEN_PER_HOUR = 8;
    /** A new instance gets this long in service before health replacement may judge it. */
    static final Duration HEALTH_GRACE = Duration.ofSeconds(30);
    static final Duration SCALING_INTERVAL = Duration.ofSeconds(15);
    static final Duration SCALE_IN_COOLDOWN = Duration.ofSeconds(120);
    private static final String ROUTE_CUT_TOXIC = "route-cut";
    private static final Actor AUTOSCALING = Actor.automation("autoscaling");

    /** Sizes and timings the environment is built with. */
    public record Settings(int min, int max, int desired, double capacityPerSecond, Duration bootTime,
                           Duration restartTime, String version) {
    }

    private final class Machine {
        final String id;
        final String region;
        final String type;
        final String version;
        final boolean inGroup;
        final Duration launchedAt;
        final String launchedBy;
        final String accessKey;
        final double hourlyCostYen;
        InstanceState state = InstanceState.PENDING;
        Duration readyAt;
        Duration inServiceSince;
        String reason = "";
        WebInstance app;
        TcpProxy link;

        Machine(String id, String region, String type, String version, boolean inGroup, Duration launchedAt,
                Actor by, double hourlyCostYen) {
            this.id = id;
            this.region = region;
            this.type = type;
            this.version = version;
            this.inGroup = inGroup;
            this.launchedAt = launchedAt;
            this.launchedBy = by.name();
            this.accessKey = by.accessKey();
            this.hourlyCostYen = hourlyCostYen;
        }

        boolean alive() {
            return state != InstanceState.TERMINATED;
        }

        boolean web() {
            return type.equals(WEB_TYPE);
        }
    }

    private final Settings settings;
    private final Backends backends;
    private final ImageRegistry registry;
    private final LoadBalancer balancer;
    private final AuditLog audit;
    private final LogBook logs;
    private final Random random;
    private final Map<String, Machine> machines = new LinkedHashMap<>();
    private int webCounter;
    private int min;
    private int max;
    private int desired;
    private String version;
    private String previousVersion;
    private boolean healthReplacement;
    private double targetCpu;
    private boolean refreshing;
    private boolean routeCut;
    private Duration nextScalingCheck = SCALING_INTERVAL;
    private Duration lastScaleIn = Duration.ofDays(-1);

    public Fleet(Settings settings, Backends backends, ImageRegistry registry, LoadBalancer balancer, AuditLog audit,
                 long seed) {
        this.settings = settings;
        this.backends = backends;
        this.registry = registry;
        this.balancer = balancer;
        this.audit = audit;
        this.logs = backends.logs();
        this.random = new Random(seed);
        this.min = settings.min();
        this.max = settings.max();
        this.desired = settings.desired();
        this.version = settings.version();
    }

    /** Starts the group's first instances at once, in rotation: the shop as the team finds it. */
    public synchronized void startInitial() {
        for (int i = 0; i < desired; i++) {
            Machine machine = newWeb(Duration.ZERO, Actor.automation("provisioning"));
            boot(machine, Duration.ZERO, true);
        }
    }

    private Machine newWeb(Duration now, Actor by) {
        Machine machine = new Machine("web-" + (++webCounter), Regions.PRIMARY, WEB_TYPE, version, true, now, by,
                WEB_COST_YEN_PER_HOUR);
        machine.readyAt = now.plus(settings.bootTime());
        machines.put(machine.id, machine);
        return machine;
    }

    // ---- time ----

    /** Finishes boots, keeps the group's size, replaces unhealthy instances and scales, at drill time {@code now}. */
    public synchronized void tick(Duration now) {
        for (Machine machine : List.copyOf(machines.values())) {
            if (machine.state == InstanceState.PENDING && machine.readyAt.compareTo(now) <= 0) {
                boot(machine, now, false);
            }
        }
        if (healthReplacement) {
            replaceUnhealthy(now);
        }
        if (targetCpu > 0 && now.compareTo(nextScalingCheck) >= 0) {
            trackCpu(now);
            nextScalingCheck = now.plus(SCALING_INTERVAL);
        }
        if (refreshing) {
            refreshStep(now);
        }
        reconcile(now);
    }

    private void boot(Machine machine, Duration now, boolean inRotation) {
        if (machine.app == null) {
            if (!registry.usable(machine.version, now)) {
                machine.state = InstanceState.TERMINATED;
                machine.reason = "launch failed: image " + ImageRegistry.REPOSITORY + ":" + machine.version + " not found";
                logs.error("asg", machine.id + " " + machine.reason);
                return;
            }
            machine.app = new WebInstance(machine.id, machine.version, backends, settings.capacityPerSecond());
        }
        try {
            machine.app.start();
            if (machine.link == null) {
                machine.link = TcpProxy.start("lb-" + machine.id, loopback(0), loopback(machine.app.port()),
                        new Random(random.nextLong()));
                if (routeCut) {
                    machine.link.addToxic(routeCutToxic());
                }
                balancer.register(new Target(machine.id, machine.link.listenAddress()), inRotation);
            }
        } catch (IOException | UncheckedIOException e) {
            machine.state = InstanceState.TERMINATED;
            machine.reason = "launch failed: " + e.getMessage();
            logs.error("asg", machine.id + " " + machine.reason);
            return;
        }
        machine.state = InstanceState.RUNNING;
        machine.inServiceSince = now;
        machine.reason = "";
        logs.info(machine.id, "application started, image " + ImageRegistry.REPOSITORY + ":" + machine.version);
    }

    private void replaceUnhealthy(Duration now) {
        for (Machine machine : List.copyOf(machines.values())) {
            if (machine.inGroup && machine.state == InstanceState.RUNNING
                    && now.minus(machine.inServiceSince).compareTo(HEALTH_GRACE) >= 0
                    && !balancer.isHealthy(machine.id)) {
                terminate(machine, AUTOSCALING, now, "failed load balancer health checks; replaced");
            }
        }
    }

    private void trackCpu(Duration now) {
        List<Machine> serving = groupMembers().stream().filter(m -> m.state == InstanceState.RUNNING && m.app.isRunning()).toList();
        if (serving.isEmpty()) {
            return;
        }
        double average = serving.stream().mapToDouble(m -> m.app.capacity().cpuPercent()).average().orElse(0);
        int wanted = (int) Math.ceil(serving.size() * average / targetCpu);
        if (wanted > desired && desired < max) {
            setDesired(Math.min(max, wanted), AUTOSCALING, now, "average CPU " + Math.round(average) + "% above target " + Math.round(targetCpu) + "%");
        } else if (average < targetCpu / 2 && desired > min && now.minus(lastScaleIn).compareTo(SCALE_IN_COOLDOWN) >= 0) {
            lastScaleIn = now;
            setDesired(desired - 1, AUTOSCALING, now, "average CPU " + Math.round(average) + "% below half the target");
        }
    }

    private void setDesired(int value, Actor actor, Duration now, String why) {
        int before = desired;
        desired = value;
        audit.record(now, actor, "SetDesiredCapacity", GROUP, Map.of("desired", String.valueOf(value)), true,
                "desired " + before + " → " + value + ": " + why);
        logs.info("asg", "desired capacity " + before + " → " + value + " (" + why + ")");
    }

    /** Instance refresh after a deploy: replaces one old-version instance at a time, when all others serve. */
    private void refreshStep(Duration now) {
        List<Machine> members = groupMembers();
        List<Machine> old = members.stream().filter(m -> !m.version.equals(version)).toList();
        if (old.isEmpty()) {
            refreshing = false;
            logs.info("asg", "instance refresh to " + version + " complete");
            return;
        }
        boolean allServing = members.stream().allMatch(m -> m.state == InstanceState.RUNNING && balancer.isHealthy(m.id));
        if (allServing && members.size() >= desired) {
            terminate(old.getFirst(), AUTOSCALING, now, "instance refresh to " + version);
        }
    }

    private void reconcile(Duration now) {
        List<Machine> members = groupMembers();
        for (int i = members.size(); i < desired; i++) {
            Machine machine = newWeb(now, AUTOSCALING);
            audit.record(now, AUTOSCALING, "RunInstances", machine.id, Map.of("image", ImageRegistry.REPOSITORY + ":" + version,
                    "group", GROUP), true, "launching, in service after boot");
            logs.info("asg", "launching " + machine.id + " to reach desired capacity " + desired);
        }
        for (int i = members.size() - 1; i >= 0 && groupMembers().size() > desired; i--) {
            terminate(members.get(i), AUTOSCALING, now, "scale in to desired capacity " + desired);
        }
    }

    private List<Machine> groupMembers() {
        return machines.values().stream().filter(m -> m.inGroup && m.alive()).toList();
    }

    // ---- operations ----

    public synchronized List<InstanceView> instances(Optional<String> region) {
        return machines.values().stream().filter(m -> region.map(m.region::equals).orElse(true)).map(this::view).toList();
    }

    public synchronized InstanceView instance(String id) {
        return view(machine(id));
    }

    private InstanceView view(Machine m) {
        boolean appRunning = m.app != null && m.app.isRunning();
        return new InstanceView(m.id, m.region, m.type, m.version, m.state, m.inGroup, appRunning,
                m.web() && m.alive() && balancer.isHealthy(m.id), appRunning ? m.app.capacity().cpuPercent() : m.web() ? 0 : 100,
                m.app == null ? 0 : m.app.configVersion(), m.app == null || m.app.configValid(),
                m.launchedAt, m.launchedBy, m.accessKey, m.alive() ? m.hourlyCostYen : 0, m.reason);
    }

    /** The web application of a running instance, for faults and process lists. */
    public synchronized WebInstance app(String id) {
        Machine machine = machine(id);
        if (machine.app == null || machine.state == InstanceState.TERMINATED) {
            throw ConsoleException.conflict(id + " runs no web application (" + machine.state.name().toLowerCase() + ")");
        }
        return machine.app;
    }

    public synchronized Optional<TcpProxy> link(String id) {
        return Optional.ofNullable(machine(id).link);
    }

    /** Reboots an instance: its application stops and starts again after the restart time. */
    public synchronized void restart(String id, Duration now) {
        Machine machine = machine(id);
        if (machine.state != InstanceState.RUNNING || machine.app == null) {
            throw ConsoleException.conflict(id + " is " + machine.state.name().toLowerCase() + " and cannot be restarted");
        }
        machine.app.stop();
        machine.state = InstanceState.PENDING;
        machine.readyAt = now.plus(settings.restartTime());
        machine.reason = "rebooting";
        logs.info(id, "reboot requested; application stopped");
    }

    /** Terminates an instance in any region; terminating a terminated instance changes nothing. */
    public synchronized boolean terminate(String id, Actor actor, Duration now) {
        Machine machine = machine(id);
        if (!machine.alive()) {
            return false;
        }
        terminate(machine, actor, now, "terminated by " + actor.name());
        return true;
    }

    private void terminate(Machine machine, Actor actor, Duration now, String why) {
        machine.state = InstanceState.TERMINATED;
        machine.reason = why;
        balancer.deregister(machine.id);
        if (machine.link != null) {
            machine.link.close();
        }
        if (machine.app != null) {
            machine.app.close();
        }
        if (actor == AUTOSCALING) {
            audit.record(now, actor, "TerminateInstances", machine.id, Map.of("group", GROUP), true, why);
        }
        logs.info(machine.inGroup ? "asg" : machine.region, machine.id + " terminated: " + why);
    }

    /** Launches one more web instance into the group (raising its desired size by one, within max). */
    public synchronized String launch(Actor actor, Duration now) {
        if (desired >= max) {
            throw ConsoleException.conflict("the group is at its maximum of " + max + " instances; raise max first");
        }
        desired++;
        Machine machine = newWeb(now, actor);
        return machine.id;
    }

    /** Launches machines in any region with a key: how the leaked-key attacker works. */
    public synchronized String launchOther(String region, String type, double hourlyCostYen, Actor actor, Duration now) {
        String id = "i-" + HexFormat.of().toHexDigits(random.nextInt());
        Machine machine = new Machine(id, region, type, "", false, now, actor, hourlyCostYen);
        machine.state = InstanceState.RUNNING;
        machine.inServiceSince = now;
        machines.put(id, machine);
        logs.info(region, id + " (" + type + ") launched by " + actor.name());
        return id;
    }

    public synchronized void setSizes(int newMin, int newMax, int newDesired, Actor actor, Duration now) {
        if (newMin < 0 || newMax < 1 || newMin > newMax || newDesired < newMin || newDesired > newMax
                || newMax > MAX_GROUP_SIZE) {
            throw ConsoleException.invalid("sizes must satisfy 0 <= min <= desired <= max <= " + MAX_GROUP_SIZE
                    + ", but were min " + newMin + ", desired " + newDesired + ", max " + newMax);
        }
        min = newMin;
        max = newMax;
        desired = newDesired;
        logs.info("asg", "sizes set by " + actor.name() + ": min " + min + ", desired " + desired + ", max " + max);
    }

    public static final int MAX_GROUP_SIZE = 20;

    public synchronized void setHealthReplacement(boolean enabled) {
        healthReplacement = enabled;
    }

    /** Target-tracking scaling on average CPU; 0 turns it off. */
    public synchronized void setTargetCpu(double percent) {
        if (percent != 0 && (percent < 10 || percent > 90)) {
            throw ConsoleException.invalid("target CPU must be within 10..90 %, or 0 for off, but was " + percent);
        }
        targetCpu = percent;
        nextScalingCheck = Duration.ZERO;
    }

    /** Deploys an image version: new instances use it and old ones are replaced one at a time. */
    public synchronized String deploy(String newVersion, Duration now) {
        registry.image(newVersion);
        if (!registry.usable(newVersion, now)) {
            throw ConsoleException.conflict("image " + ImageRegistry.REPOSITORY + ":" + newVersion + " is not available");
        }
        String previous = version;
        if (!previous.equals(newVersion)) {
            previousVersion = previous;
        }
        version = newVersion;
        refreshing = groupMembers().stream().anyMatch(m -> !m.version.equals(newVersion));
        return previous;
    }

    /** The version deployed before the current one, for a rollback. */
    public synchronized Optional<String> previousVersion() {
        return Optional.ofNullable(previousVersion);
    }

    public synchronized ScalingGroupView group() {
        int inService = (int) groupMembers().stream().filter(m -> m.state == InstanceState.RUNNING && balancer.isHealthy(m.id)).count();
        return new ScalingGroupView(GROUP, min, max, desired, inService, healthReplacement, targetCpu, version, refreshing);
    }

    /** Drops every load-balancer-to-web packet (a security rule removed), or lets them through again. */
    public synchronized void setRouteCut(boolean cut) {
        routeCut = cut;
        for (Machine machine : machines.values()) {
            if (machine.link != null && machine.alive()) {
                if (cut) {
                    machine.link.addToxic(routeCutToxic());
                } else {
                    machine.link.removeToxic(ROUTE_CUT_TOXIC);
                }
            }
        }
    }

    /** The toxic a denied route puts on a proxy link: every packet dropped, so callers wait for their timeouts. */
    public static ToxicSpec routeCutToxic() {
        return ToxicSpec.of(ROUTE_CUT_TOXIC, "timeout", "upstream", 1.0, Map.of("timeout", 0L));
    }

    /** Reloads the config of every running web application. */
    public synchronized List<String> reloadConfig() {
        List<String> reloaded = new ArrayList<>();
        for (Machine machine : machines.values()) {
            if (machine.app != null && machine.state == InstanceState.RUNNING && machine.app.isRunning()) {
                machine.app.reloadConfig();
                reloaded.add(machine.id);
            }
        }
        return reloaded;
    }

    public synchronized double hourlyCostYen(String region) {
        return machines.values().stream().filter(m -> m.alive() && m.region.equals(region)).mapToDouble(m -> m.hourlyCostYen).sum();
    }

    public synchronized long aliveIn(String region) {
        return machines.values().stream().filter(m -> m.alive() && m.region.equals(region)).count();
    }

    private Machine machine(String id) {
        Machine machine = machines.get(id);
        if (machine == null) {
            throw ConsoleException.notFound("no instance " + id);
        }
        return machine;
    }

    private static InetSocketAddress loopback(int port) {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    }

    @Override
    public synchronized void close() {
        for (Machine machine : machines.values()) {
            if (machine.link != null) {
                machine.link.close();
            }
            if (machine.app != null) {
                machine.app.close();
            }
        }
    }
}
