package dev.kunren.shop.audit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Every operation on one team's environment, in order: the CloudTrail of the practice shop. A
 * team reads it to find who changed what; the drill copies each entry onto its timeline.
 */
public final class AuditLog {

    private final List<AuditEntry> entries = new ArrayList<>();
    private volatile Consumer<AuditEntry> listener = entry -> { };

    public void onEntry(Consumer<AuditEntry> listener) {
        this.listener = listener;
    }

    public AuditEntry record(Duration at, Actor actor, String operation, String resource,
                             Map<String, String> parameters, boolean success, String result) {
        AuditEntry entry;
        synchronized (this) {
            entry = new AuditEntry(entries.size() + 1, at, actor.name(), actor.source(), actor.accessKey(),
                    operation, resource, Map.copyOf(parameters), success, result);
            entries.add(entry);
        }
        listener.accept(entry);
        return entry;
    }

    /** Matching entries, newest first, at most {@code query.limit()}. */
    public synchronized List<AuditEntry> query(AuditQuery query) {
        List<AuditEntry> found = new ArrayList<>();
        for (int i = entries.size() - 1; i >= 0 && found.size() < query.limit(); i--) {
            if (query.matches(entries.get(i))) {
                found.add(entries.get(i));
            }
        }
        return found;
    }
}
