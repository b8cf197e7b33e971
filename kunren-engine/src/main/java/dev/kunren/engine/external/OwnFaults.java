package dev.kunren.engine.external;

import dev.kunren.engine.clock.DrillClock;
import dev.kunren.engine.fault.Fault;
import dev.kunren.engine.fault.FaultSpec;
import dev.kunren.engine.fault.internal.ProxyDownFault;
import dev.kunren.engine.fault.internal.ProxyToxicFault;
import dev.kunren.proxy.TcpProxy;
import dev.kunren.proxy.toxic.ToxicSpec;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;

/** Turns a fault spec into a fault on the team's own systems: a toxic on a service's proxy, or an agent's action. */
final class OwnFaults {

    /** Beyond the drill's own limit, how long an agent keeps a fault before it reverts it anyway. */
    private static final Duration AGENT_MARGIN = Duration.ofSeconds(10);

    private final Function<String, TcpProxy> proxies;
    private final AgentHub agents;
    private final DrillClock clock;
    private final Duration drillDuration;

    OwnFaults(Function<String, TcpProxy> proxies, AgentHub agents, DrillClock clock, Duration drillDuration) {
        this.proxies = proxies;
        this.agents = agents;
        this.clock = clock;
        this.drillDuration = drillDuration;
    }

    Fault create(FaultSpec spec) {
        String target = spec.target().orElseThrow();
        return switch (spec.type()) {
            case LATENCY -> new ProxyToxicFault(proxies.apply(target), ToxicSpec.of(spec.id(), "latency", "downstream", 1.0,
                    Map.of("latency", spec.durationParam("latency").toMillis(), "jitter", spec.durationParam("jitter").toMillis())),
                    () -> false);
            case HTTP_ERRORS -> new ProxyToxicFault(proxies.apply(target), ToxicSpec.of(spec.id(), "http_status", "upstream", 1.0,
                    Map.of("status", (long) spec.param("status"), "percent", (long) spec.param("percent"))), () -> false);
            case SERVICE_DOWN -> new ProxyDownFault(proxies.apply(target));
            case KILL_PROCESS, STOP_SERVICE, CPU_STRESS, MEMORY_PRESSURE, FILL_DISK -> new AgentFault(agents, target, spec, realLimit(spec));
            default -> throw new IllegalArgumentException("fault " + spec.type().key() + " acts on the practice shop");
        };
    }

    /** The fault's time limit in real time, with a margin: the agent's own safety net. */
    private Duration realLimit(FaultSpec spec) {
        Duration drillLimit = spec.duration().orElse(drillDuration);
        return Duration.ofMillis((long) (drillLimit.toMillis() / clock.speed())).plus(AGENT_MARGIN);
    }
}
