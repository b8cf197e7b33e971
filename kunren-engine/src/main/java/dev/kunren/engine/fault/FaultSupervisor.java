package dev.kunren.engine.fault;

import dev.kunren.engine.clock.DurationText;
import dev.kunren.engine.timeline.TimelineEvent.FaultInjected;
import dev.kunren.engine.timeline.TimelineEvent.FaultInjectionFailed;
import dev.kunren.engine.timeline.TimelineEvent.FaultReverted;
import dev.kunren.engine.timeline.TimelineEvent.RevertReason;
import dev.kunren.engine.timeline.TimelineWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Keeps every active fault of one team's environment on a leash: each ends when the team fixes
 * it, or is reverted when its time limit passes (by default the end of the drill), and all of them
 * on a halt, at the end of the drill, or when the process shuts down. Every inject, fix and revert
 * is recorded on the timeline.
 */
public final class FaultSupervisor {

    private final TimelineWriter timeline;
    private final Function<FaultSpec, Fault> catalog;
    private final Duration drillEnd;
    private final Map<String, Active> active = new LinkedHashMap<>();

    public FaultSupervisor(TimelineWriter timeline, Function<FaultSpec, Fault> catalog, Duration drillEnd) {
        this.timeline = timeline;
        this.catalog = catalog;
        this.drillEnd = drillEnd;
    }

    /**
     * Injects a fault at drill time {@code now}; a second fault of the same type on the same
     * target is refused. Returns whether it was injected.
     */
    public synchronized boolean inject(FaultSpec spec, Duration now) {
        boolean clash = active.values().stream().anyMatch(a -> a.spec.type() == spec.type()
                && a.spec.target().equals(spec.target()));
        if (clash) {
            timeline.append(now, new FaultInjectionFailed(spec.id(), spec.type().key(),
                    "a " + spec.type().key() + " fault is already active on " + spec.target().orElse("the environment")));
            return false;
        }
        Fault fault;
        try {
            fault = catalog.apply(spec);
            fault.inject();
        } catch (RuntimeException e) {
            timeline.append(now, new FaultInjectionFailed(spec.id(), spec.type().key(), String.valueOf(e.getMessage())));
            return false;
        }
        Duration limit = spec.duration().map(now::plus).filter(l -> l.compareTo(drillEnd) < 0).orElse(drillEnd);
        active.put(spec.id(), new Active(spec, fault, limit));
        timeline.append(now, new FaultInjected(spec.id(), spec.type().key(), spec.target().orElse(""),
                describe(spec), limit, spec.detectedBy()));
        return true;
    }

    /**
     * Moves faults that act over time, ends those the team has fixed, and reverts those whose
     * time limit has been reached by {@code now}.
     */
    public synchronized void tick(Duration now) {
        for (Active fault : List.copyOf(active.values())) {
            if (fault.limit.compareTo(now) <= 0) {
                revert(fault, RevertReason.TIME_LIMIT, fault.limit);
                continue;
            }
            try {
                fault.fault.tick(now);
                if (fault.fault.fixed()) {
                    revert(fault, RevertReason.FIXED, now);
                }
            } catch (RuntimeException e) {
                // a fault that cannot tell (its target vanished) is left to its time limit
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
        } catch (RuntimeException e) {
            // the environment moved on (the instance was terminated): nothing of the fault is left to undo
        } finally {
            active.remove(fault.spec.id());
            timeline.append(at, new FaultReverted(fault.spec.id(), reason));
        }
    }

    /**
     * Re-creates a fault a stopped process had in flight, with the limit it was given then, and
     * records nothing: it is on the timeline already. Returns whether it could be re-created.
     */
    public synchronized boolean reinstate(FaultSpec spec, Duration limit) {
        try {
            Fault fault = catalog.apply(spec);
            fault.inject();
            active.put(spec.id(), new Active(spec, fault, limit));
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Undoes a re-created fault where the timeline says it ended, and records nothing. */
    public synchronized void retire(String faultId) {
        Active fault = active.remove(faultId);
        if (fault != null) {
            try {
                fault.fault.revert();
            } catch (RuntimeException e) {
                // as in revert: nothing of it is left to undo
            }
        }
    }

    /** Moves faults that act over time, deciding nothing: while a drill is rebuilt from its timeline. */
    public synchronized void advance(Duration now) {
        for (Active fault : List.copyOf(active.values())) {
            try {
                fault.fault.tick(now);
            } catch (RuntimeException e) {
                // as in tick: left to its limit
            }
        }
    }

    public synchronized List<String> activeIds() {
        return new ArrayList<>(active.keySet());
    }

    /** Parameters as people read them: {@code latency=300ms}, {@code factor=10}. */
    static Map<String, String> describe(FaultSpec spec) {
        Map<String, String> described = new LinkedHashMap<>();
        for (ParamSpec param : spec.type().params()) {
            if (param.kind() == ParamSpec.Kind.NAME) {
                described.put(param.name(), spec.nameParam(param.name()));
                continue;
            }
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
