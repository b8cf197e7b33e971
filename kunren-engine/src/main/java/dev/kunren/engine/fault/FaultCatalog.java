package dev.kunren.engine.fault;

import dev.kunren.engine.fault.internal.CpuHogFault;
import dev.kunren.engine.fault.internal.KillInstanceFault;
import dev.kunren.engine.fault.internal.LinkLatencyFault;
import dev.kunren.engine.fault.internal.TrafficSpikeFault;
import dev.kunren.engine.traffic.TrafficGenerator;
import dev.kunren.shop.Shop;
import java.util.Random;

/** Turns a fault spec into a fault acting on one team's shop and traffic. */
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
            case KILL_INSTANCE -> new KillInstanceFault(shop.instance(target));
            case CPU_HOG -> new CpuHogFault(shop.instance(target).capacity(), spec.param("percent"));
            case LATENCY -> new LinkLatencyFault(shop.link(target), spec.id(), spec.durationParam("latency"),
                    spec.durationParam("jitter"), new Random(random.nextLong()));
            case TRAFFIC_SPIKE -> new TrafficSpikeFault(traffic, spec.id(), spec.param("factor"));
        };
    }
}
