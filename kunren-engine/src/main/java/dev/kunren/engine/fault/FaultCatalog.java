package dev.kunren.engine.fault;

import dev.kunren.engine.fault.internal.CpuHogFault;
import dev.kunren.engine.fault.internal.KillInstanceFault;
import dev.kunren.engine.fault.internal.LinkLatencyFault;
import dev.kunren.engine.fault.internal.TrafficSpikeFault;
import dev.kunren.engine.traffic.TrafficGenerator;
import dev.kunren.shop.Shop;

/** Turns a fault spec into a fault acting on one team's shop and traffic. */
public final class FaultCatalog {

    private final Shop shop;
    private final TrafficGenerator traffic;

    public FaultCatalog(Shop shop, TrafficGenerator traffic) {
        this.shop = shop;
        this.traffic = traffic;
    }

    public Fault create(FaultSpec spec) {
        String target = spec.target().orElse("");
        return switch (spec.type()) {
            case KILL_INSTANCE -> new KillInstanceFault(shop.instance(target));
            case CPU_HOG -> new CpuHogFault(shop.instance(target).capacity(), spec.param("percent"));
            case LATENCY -> new LinkLatencyFault(shop.link(target), spec.id(), spec.durationParam("latency"),
                    spec.durationParam("jitter"));
            case TRAFFIC_SPIKE -> new TrafficSpikeFault(traffic, spec.id(), spec.param("factor"));
        };
    }
}
