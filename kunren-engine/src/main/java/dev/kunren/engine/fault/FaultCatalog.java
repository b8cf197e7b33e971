package dev.kunren.engine.fault;

import dev.kunren.engine.fault.internal.CorruptConfigFault;
import dev.kunren.engine.fault.internal.CpuHogFault;
import dev.kunren.engine.fault.internal.CutRouteFault;
import dev.kunren.engine.fault.internal.DatabasePrimaryDownFault;
import dev.kunren.engine.fault.internal.DatabaseQueryFault;
import dev.kunren.engine.fault.internal.DeleteImageFault;
import dev.kunren.engine.fault.internal.KillInstanceFault;
import dev.kunren.engine.fault.internal.LeakedKeyFault;
import dev.kunren.engine.fault.internal.ProxyToxicFault;
import dev.kunren.engine.fault.internal.TrafficSpikeFault;
import dev.kunren.engine.traffic.TrafficGenerator;
import dev.kunren.proxy.toxic.ToxicSpec;
import dev.kunren.shop.Shop;
import dev.kunren.shop.compute.InstanceState;
import dev.kunren.shop.database.DbProcess;
import java.util.Map;
import java.util.Random;

/** Turns a fault spec into a fault acting on one team's environment and traffic. */
public final class FaultCatalog {

    private final Shop shop;
    private final TrafficGenerator traffic;
    private final Random random;

    public FaultCatalog(Shop shop, TrafficGenerator traffic, Random random) {
        this.shop = shop;
        this.traffic = traffic;
        this.random = random;
    }

    public Fault create(FaultSpec spec) {
        String target = spec.target().orElse("");
        return switch (spec.type()) {
            case KILL_INSTANCE -> new KillInstanceFault(shop.fleet(), instance(target));
            case CPU_HOG -> new CpuHogFault(shop.fleet(), instance(target), spec.param("percent"), 20_000 + random.nextInt(10_000));
            case LATENCY -> new ProxyToxicFault(shop.link(instance(target)), ToxicSpec.of(spec.id(), "latency", "downstream", 1.0,
                    Map.of("latency", spec.durationParam("latency").toMillis(), "jitter", spec.durationParam("jitter").toMillis())),
                    () -> shop.fleet().instance(target).state() == InstanceState.TERMINATED);
            case TRAFFIC_SPIKE -> new TrafficSpikeFault(traffic, spec.id(), spec.param("factor"));
            case CORRUPT_CONFIG -> new CorruptConfigFault(shop);
            case DELETE_IMAGE -> new DeleteImageFault(shop);
            case CUT_ROUTE -> new CutRouteFault(shop, target);
            case DB_PRIMARY_DOWN -> new DatabasePrimaryDownFault(shop);
            case DB_REPLICA_LAG -> new DatabaseQueryFault(shop, DbProcess.Effect.BLOCKS_REPLICATION);
            case DB_LOCK -> new DatabaseQueryFault(shop, DbProcess.Effect.LOCKS_ORDERS);
            case DB_SLOW_QUERY -> new DatabaseQueryFault(shop, DbProcess.Effect.SLOWS_QUERIES);
            case PAYMENT_SLOW -> new ProxyToxicFault(shop.paymentLink(), ToxicSpec.of(spec.id(), "latency", "downstream", 1.0,
                    Map.of("latency", spec.durationParam("latency").toMillis())), () -> false);
            case PAYMENT_ERRORS -> new ProxyToxicFault(shop.paymentLink(), ToxicSpec.of(spec.id(), "http_status", "upstream", 1.0,
                    Map.of("status", (long) spec.param("status"), "percent", (long) spec.param("percent"))), () -> false);
            case LEAKED_KEY -> new LeakedKeyFault(shop, (int) spec.param("count"), spec.durationParam("every"));
            case HTTP_ERRORS, SERVICE_DOWN, KILL_PROCESS, STOP_SERVICE, CPU_STRESS, MEMORY_PRESSURE, FILL_DISK ->
                    throw new IllegalArgumentException("fault " + spec.type().key() + " acts on a team's own systems, not the practice shop");
        };
    }

    /** The instance a spec names; the target must exist and serve when the fault is created. */
    private String instance(String target) {
        shop.instance(target);
        return target;
    }
}
