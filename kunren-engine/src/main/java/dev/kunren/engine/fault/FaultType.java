package dev.kunren.engine.fault;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The faults Kunren can inject, with the parameters each takes. */
public enum FaultType {
    /** The instance's process stops: it refuses connections until restarted. */
    KILL_INSTANCE("kill-instance", true, List.of()),
    /** A runaway process takes CPU on the instance (modelled). */
    CPU_HOG("cpu-hog", true, List.of(ParamSpec.number("percent", 100, 1, 100))),
    /** Responses on the link from the load balancer to the instance are delayed. */
    LATENCY("latency", true, List.of(
            ParamSpec.requiredDuration("latency", 0, 60_000),
            ParamSpec.duration("jitter", 0, 0, 60_000))),
    /** Customer traffic is multiplied, as when the shop is in the news. */
    TRAFFIC_SPIKE("traffic-spike", false, List.of(ParamSpec.requiredNumber("factor", 1, 100)));

    private final String key;
    private final boolean needsInstance;
    private final List<ParamSpec> params;

    FaultType(String key, boolean needsInstance, List<ParamSpec> params) {
        this.key = key;
        this.needsInstance = needsInstance;
        this.params = params;
    }

    public String key() {
        return key;
    }

    /** Whether {@code target} must name a web instance. */
    public boolean needsInstance() {
        return needsInstance;
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
