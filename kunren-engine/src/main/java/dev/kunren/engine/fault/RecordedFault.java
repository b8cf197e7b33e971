package dev.kunren.engine.fault;

import dev.kunren.engine.clock.DurationText;
import dev.kunren.engine.timeline.TimelineEvent.FaultInjected;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A fault as the timeline recorded its inject, made an inject again: how a drill taken back after
 * a crash re-creates the faults it had, on the very target they hit (a {@code random} one was
 * resolved when it was recorded), including those a facilitator injected by hand.
 */
public final class RecordedFault {

    private RecordedFault() {
    }

    /**
     * The inject {@code injected}, recorded at drill time {@code at}; empty when its type or a
     * parameter no longer reads (a timeline from another version of Kunren).
     */
    public static Optional<FaultSpec> spec(FaultInjected injected, Duration at, Duration drillEnd) {
        Optional<FaultType> type = FaultType.byKey(injected.faultType());
        if (type.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Double> params = new LinkedHashMap<>();
        Map<String, String> names = new LinkedHashMap<>();
        for (ParamSpec param : type.get().params()) {
            String value = injected.params().get(param.name());
            if (value == null) {
                continue;
            }
            switch (param.kind()) {
                case NAME -> names.put(param.name(), value);
                // recorded as people read them: 300ms, 1m 05s
                case DURATION -> {
                    Optional<Duration> parsed = DurationText.parse(value.replace(" ", ""));
                    if (parsed.isEmpty()) {
                        return Optional.empty();
                    }
                    params.put(param.name(), parsed.get().toNanos() / 1e6);
                }
                case NUMBER -> {
                    try {
                        params.put(param.name(), Double.parseDouble(value));
                    } catch (NumberFormatException e) {
                        return Optional.empty();
                    }
                }
            }
        }
        Optional<Duration> duration = injected.limit().compareTo(drillEnd) < 0 ? Optional.of(injected.limit().minus(at)) : Optional.empty();
        Optional<String> target = injected.target().isEmpty() ? Optional.empty() : Optional.of(injected.target());
        return Optional.of(new FaultSpec(injected.faultId(), at, Optional.empty(), type.get(), target, params, names, duration,
                injected.detectedBy(), Optional.empty(), List.of()));
    }
}
