package dev.kunren.engine.external;

import dev.kunren.engine.fault.Fault;
import dev.kunren.engine.fault.FaultSpec;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A fault an agent performs on one of the team's hosts: injecting sends it the command, reverting
 * sends the revert (once). The agent also reverts on its own after {@code realLimit}, and when it
 * hears nothing from the drill, so the fault cannot outlive the drill even if this process dies.
 */
final class AgentFault implements Fault {

    private final AgentHub hub;
    private final String agent;
    private final FaultSpec spec;
    private final Duration realLimit;
    private final AtomicBoolean active = new AtomicBoolean();

    AgentFault(AgentHub hub, String agent, FaultSpec spec, Duration realLimit) {
        this.hub = hub;
        this.agent = agent;
        this.spec = spec;
        this.realLimit = realLimit;
    }

    /** Refused, and recorded as failed, when the agent is away or its allow-list lacks what the fault needs. */
    @Override
    public void inject() {
        hub.refusal(agent, allowListEntry()).ifPresent(why -> {
            throw new IllegalStateException(why);
        });
        if (active.compareAndSet(false, true)) {
            hub.send(agent, "apply", spec.id(), spec.type().key(), spec.names(), spec.params(), realLimit);
        }
    }

    /** The allow-list entry the fault uses, as agents announce them ({@code process:worker}, {@code cpu}). */
    private String allowListEntry() {
        return switch (spec.type()) {
            case KILL_PROCESS -> "process:" + spec.names().get("process");
            case STOP_SERVICE -> "service:" + spec.names().get("service");
            case FILL_DISK -> "disk:" + spec.names().get("disk");
            case CPU_STRESS -> "cpu";
            case MEMORY_PRESSURE -> "memory";
            default -> throw new IllegalArgumentException(spec.type().key() + " is not done by an agent");
        };
    }

    @Override
    public void revert() {
        if (active.compareAndSet(true, false)) {
            hub.send(agent, "revert", spec.id(), spec.type().key(), spec.names(), spec.params(), Duration.ZERO);
        }
    }
}
