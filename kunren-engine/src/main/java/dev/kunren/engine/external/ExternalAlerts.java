package dev.kunren.engine.external;

import dev.kunren.engine.timeline.TimelineEvent.AlertChanged;
import dev.kunren.engine.timeline.TimelineEvent.AlertState;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The team's own alerts, as its monitoring posts them: an alert (by name) fires when its first
 * series fires and resolves when its last one resolves, as Alertmanager groups instances of a
 * rule. Posting the same state again changes nothing, so a webhook's retries and repeats are safe.
 */
public final class ExternalAlerts {

    /** One alert as a webhook says it: a name, firing or resolved, and which series of it ({@code fingerprint}). */
    public record Incoming(String name, boolean firing, String severity, String summary, String fingerprint) {
    }

    private final Map<String, Set<String>> firingSeries = new LinkedHashMap<>();

    /** The state changes these alerts make, in the order posted. */
    public synchronized List<AlertChanged> receive(String source, List<Incoming> alerts) {
        List<AlertChanged> changes = new ArrayList<>();
        for (Incoming alert : alerts) {
            Set<String> series = firingSeries.computeIfAbsent(alert.name(), n -> new HashSet<>());
            boolean wasFiring = !series.isEmpty();
            boolean changed = alert.firing() ? series.add(alert.fingerprint()) : series.remove(alert.fingerprint());
            if (changed && wasFiring != !series.isEmpty()) {
                changes.add(new AlertChanged(alert.name(), alert.severity(), alert.firing() ? AlertState.FIRING : AlertState.RESOLVED,
                        alert.summary(), 0, "from " + source, Map.of(), source));
            }
        }
        return changes;
    }

    public synchronized List<String> firing() {
        return firingSeries.entrySet().stream().filter(e -> !e.getValue().isEmpty()).map(Map.Entry::getKey).toList();
    }
}
