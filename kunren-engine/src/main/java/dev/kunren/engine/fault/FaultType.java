package dev.kunren.engine.fault;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The faults Kunren can inject, with what each targets and the parameters it takes. The comment
 * on each says how a team fixes it through the console; faults without a fix (a dependency
 * failing, a spike in traffic) can only be mitigated, and last until their time limit.
 */
public enum FaultType {
    /** The application process dies. Fix: restart the instance, or terminate it for the group to replace. */
    KILL_INSTANCE("kill-instance", Target.INSTANCE, List.of()),
    /** A runaway process takes CPU on the instance. Fix: kill the process, restart, or scale out. */
    CPU_HOG("cpu-hog", Target.INSTANCE, List.of(ParamSpec.number("percent", 100, 1, 100))),
    /** Responses on the link from the load balancer to the instance are delayed. Fix: replace the instance. */
    LATENCY("latency", Target.INSTANCE, List.of(
            ParamSpec.requiredDuration("latency", 0, 60_000),
            ParamSpec.duration("jitter", 0, 0, 60_000))),
    /** Customer traffic is multiplied, as when the shop is in the news. Mitigate: scale out. */
    TRAFFIC_SPIKE("traffic-spike", Target.NONE, List.of(ParamSpec.requiredNumber("factor", 1, 100))),
    /**
     * A colleague uploads a broken app-config.json and reloads it. Fix: find the change in the
     * audit trail, restore the previous version, reload the config.
     */
    CORRUPT_CONFIG("corrupt-config", Target.NONE, List.of()),
    /** The registry's lifecycle rule deletes the deployed image, so launches fail. Fix: rebuild the image. */
    DELETE_IMAGE("delete-image", Target.NONE, List.of()),
    /** A colleague's setting mistake drops one network route. Fix: find and allow the route again. */
    CUT_ROUTE("cut-route", Target.ROUTE, List.of()),
    /** The database primary crashes. Fix: fail over to the replica (or have automatic failover on). */
    DB_PRIMARY_DOWN("db-primary-down", Target.NONE, List.of()),
    /** A long query on the replica stops replication, so the lag (and the data at risk) grows. Fix: kill it. */
    DB_REPLICA_LAG("db-replica-lag", Target.NONE, List.of()),
    /** A batch job holds a lock on the orders table: checkouts wait and time out. Fix: kill the query. */
    DB_LOCK("db-lock", Target.NONE, List.of()),
    /** A full-scan query saturates the primary: every query is slower. Fix: kill the query. */
    DB_SLOW_QUERY("db-slow-query", Target.NONE, List.of()),
    /** The payment provider answers slowly. Mitigate: defer payments (config), so checkouts succeed. */
    PAYMENT_SLOW("payment-slow", Target.NONE, List.of(ParamSpec.requiredDuration("latency", 1, 60_000))),
    /** The payment provider fails a share of charges. Mitigate: defer payments (config). */
    PAYMENT_ERRORS("payment-errors", Target.NONE, List.of(
            ParamSpec.number("percent", 100, 1, 100),
            ParamSpec.number("status", 503, 500, 599))),
    /**
     * A leaked access key launches expensive instances in the other region, again and again
     * while the key works. Fix: revoke or rotate the key, terminate the rogue instances.
     */
    LEAKED_KEY("leaked-key", Target.NONE, List.of(
            ParamSpec.number("count", 3, 1, 10),
            ParamSpec.duration("every", 120_000, 10_000, 3_600_000))),

    // The team's own systems (environment: external): a service behind Kunren's proxy, a host with an agent.

    /** The service answers a share of requests with an error status, at the proxy (HTTP services). */
    HTTP_ERRORS("http-errors", Target.SERVICE, List.of(
            ParamSpec.number("percent", 100, 1, 100),
            ParamSpec.number("status", 503, 400, 599))),
    /** The proxy in front of the service is down: new connections are refused, open ones dropped. */
    SERVICE_DOWN("service-down", Target.SERVICE, List.of()),
    /** The agent kills the processes its allow-list names {@code process} (by command line or pidfile). */
    KILL_PROCESS("kill-process", Target.AGENT, List.of(ParamSpec.name("process"))),
    /** The agent runs the stop command of a service in its allow-list, and its start command to revert. */
    STOP_SERVICE("stop-service", Target.AGENT, List.of(ParamSpec.name("service"))),
    /** The agent keeps {@code cores} cores busy at {@code percent}. */
    CPU_STRESS("cpu-stress", Target.AGENT, List.of(
            ParamSpec.number("cores", 1, 1, 256),
            ParamSpec.number("percent", 100, 1, 100))),
    /** The agent holds {@code megabytes} of memory. */
    MEMORY_PRESSURE("memory-pressure", Target.AGENT, List.of(ParamSpec.requiredNumber("megabytes", 1, 1_048_576))),
    /** The agent writes a file of {@code megabytes} under a disk path its allow-list names. */
    FILL_DISK("fill-disk", Target.AGENT, List.of(ParamSpec.name("disk"), ParamSpec.requiredNumber("megabytes", 1, 10_485_760)));

    /** What a fault's {@code target} names. */
    public enum Target {
        NONE, INSTANCE, ROUTE, SERVICE, AGENT
    }

    /** Whether it acts on the team's own systems ({@code environment: external}) rather than the practice shop. */
    public boolean external() {
        return target == Target.SERVICE || target == Target.AGENT;
    }

    /**
     * What the fault targets in an environment: latency is the one fault of both, on a web
     * instance's link in the shop and on a service's proxy in the team's own systems.
     */
    public Target targetIn(boolean externalEnvironment) {
        return this == LATENCY && externalEnvironment ? Target.SERVICE : target;
    }

    /** Whether it can be injected there. */
    public boolean worksIn(boolean externalEnvironment) {
        return this == LATENCY || external() == externalEnvironment;
    }

    /** The keys of the faults that work in the team's own systems, or in the shop. */
    public static List<String> keysFor(boolean externalEnvironment) {
        return Arrays.stream(values()).filter(t -> t.worksIn(externalEnvironment)).map(FaultType::key).sorted().toList();
    }

    private final String key;
    private final Target target;
    private final List<ParamSpec> params;

    FaultType(String key, Target target, List<ParamSpec> params) {
        this.key = key;
        this.target = target;
        this.params = params;
    }

    public String key() {
        return key;
    }

    public Target target() {
        return target;
    }

    public List<ParamSpec> params() {
        return params;
    }

    public static Optional<FaultType> byKey(String key) {
        return Arrays.stream(values()).filter(t -> t.key.equals(key)).findFirst();
    }

    public static List<String> keys() {
        return Arrays.stream(values()).map(FaultType::key).sorted().toList();
    }
}
