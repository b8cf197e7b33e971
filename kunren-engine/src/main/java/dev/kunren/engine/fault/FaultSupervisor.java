package dev.kunren.engine.fault;

import dev.kunren.engine.clock.DurationText;
import dev.kunren.engine.timeline.Timeline;
import dev.kunren.engine.timeline.TimelineEvent.FaultInjected;
import dev.kunren.engine.timeline.TimelineEvent.FaultInjectionFailed;
import dev.kunren.engine.timeline.TimelineEvent.FaultReverted;
import dev.kunren.engine.timeline.TimelineEvent.RevertReason;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Keeps every active fault on a leash: each is reverted when its time limit passes, and all of
 * them on a halt, at the end of the drill, or when the process shuts down. Every inject and
 * revert is recorded on the timeline.
 */
public final class FaultSupervisor {

    private final Timeline timeline;
    private final Function<FaultSpec, Fault> catalog;
    private final Map<String, Active> active = new LinkedHashMap<>();

    public FaultSupervisor(Timeline timeline, Function<FaultSpec, Fault> catalog) {
        this.timeline = timeline;
        this.catalog = catalog;
    }

    /** Injects a fault at drill time {@code now}; a second fault of the same type on the same target is refused. */
    public synchronized void inject(FaultSpec spec, Duration now) {
        boolean clash = active.values().stream().anyMatch(a -> a.spec.type() == spec.type()
                && a.spec.target().equals(spec.target()));
        if (clash) {
            timeline.append(now, new FaultInjectionFailed(spec.id(), spec.type().key(),
                    "a " + spec.type().key() + " fault is already active on " + spec.target().orElse("the shop")));
            return;
        }
        Fault fault;
        try {
            fault = catalog.apply(spec);
            fault.inject();
        } catch (RuntimeException e) {
            timeline.append(now, new FaultInjectionFailed(spec.id(), spec.type().key(), String.valueOf(e.getMessage())));
            return;
        }
        Duration limit = now.plus(spec.duration());
        active.put(spec.id(), new Active(spec, fault, limit));
        timeline.append(now, new FaultInjected(spec.id(), spec.type().key(), spec.target().orElse(""),
                describe(spec), limit, spec.detectedBy()));
    }

    /** Reverts the faults whose time limit has been reached by {@code now}. */
    public synchronized void revertExpired(Duration now) {
        for (Active fault : List.copyOf(active.values())) {
            if (fault.limit.compareTo(now) <= 0) {
                revert(fault, RevertReason.TIME_LIMIT, fault.limit);
            }
        }
    }

    /** Reverts every active fault. Safe to call repeatedly and from any thread. */
    public synchronized void revertAll(RevertReason reason, Duration now) {
        for (Active fault : List.copyOf(active.values())) {
            revert(fault, reason, now);
        }
    }

    private void revert(Active fault, RevertReason reason, Duration at) {
        try {
            fault.fault.revert();
        } finally {
            active.remove(fault.spec.id());
            timeline.append(at, new FaultReverted(fault.spec.id(), reason));
        }
    }

    public synchronized List<String> activeIds() {
        return new ArrayList<>(active.keySet());
    }

    /** Parameters as people read them: {@code latency=300ms}, {@code factor=10}. */
    static Map<String, String> describe(FaultSpec spec) {
        Map<String, String> described = new LinkedHashMap<>();
        for (ParamSpec param : spec.type().params()) {
            double value = spec.param(param.name());
            described.put(param.name(), param.kind() == ParamSpec.Kind.DURATION
                    ? DurationText.format(spec.durationParam(param.name()))
                    : value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value));
        }
        return described;
    }

    private record Active(FaultSpec spec, Fault fault, Duration limit) {
    }
}
