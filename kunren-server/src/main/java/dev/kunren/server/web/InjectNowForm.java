package dev.kunren.server.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kunren.engine.fault.FaultSpec;
import dev.kunren.engine.fault.FaultType;
import dev.kunren.engine.fault.ParamSpec;
import dev.kunren.server.http.Problem;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/** The facilitator's "inject now" form read into a fault, each id unique within this server. */
final class InjectNowForm {

    private final AtomicInteger injected = new AtomicInteger();

    /** A fault from the facilitator's form: a known type, its target and parameters checked as a scenario's are. */
    FaultSpec fault(JsonNode body) {
        FaultType type = FaultType.byKey(body.path("fault").asText(""))
                .orElseThrow(() -> Problem.badRequest("fault must be one of " + FaultType.keys()));
        Optional<String> target = Optional.ofNullable(body.path("target").asText(null)).filter(t -> !t.isBlank());
        if (type.target() != FaultType.Target.NONE && target.isEmpty()) {
            throw Problem.badRequest("fault " + type.key() + " needs a target");
        }
        Map<String, Double> params = new LinkedHashMap<>();
        for (ParamSpec spec : type.params()) {
            JsonNode value = body.path("params").path(spec.name());
            if (value.isMissingNode() || value.isNull()) {
                if (spec.required()) {
                    throw Problem.badRequest("fault " + type.key() + " needs params." + spec.name());
                }
                params.put(spec.name(), spec.defaultValue().get());
            } else if (!value.isNumber() || value.asDouble() < spec.min() || value.asDouble() > spec.max()) {
                throw Problem.badRequest("params." + spec.name() + " must be a number within " + spec.min() + ".." + spec.max()
                        + (spec.kind() == ParamSpec.Kind.DURATION ? " (milliseconds)" : ""));
            } else {
                params.put(spec.name(), value.asDouble());
            }
        }
        Optional<Duration> duration = body.hasNonNull("durationSeconds")
                ? Optional.of(Duration.ofSeconds(Math.max(1, body.path("durationSeconds").asLong()))) : Optional.empty();
        String id = "now-" + type.key() + "-" + injected.incrementAndGet();
        return new FaultSpec(id, Duration.ZERO, Optional.empty(), type, target, params, duration, List.of(), Optional.empty(), List.of());
    }
}
