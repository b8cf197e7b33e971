package dev.kunren.shop.audit;

import java.time.Duration;
import java.util.Optional;

/** A filter over the audit trail; empty parts match everything. Resource matches by prefix. */
public record AuditQuery(Optional<String> actor, Optional<String> resource, Optional<String> operation,
                         Optional<Duration> from, Optional<Duration> to, int limit) {

    public static final int MAX_LIMIT = 1_000;

    public static AuditQuery all() {
        return new AuditQuery(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), MAX_LIMIT);
    }

    boolean matches(AuditEntry entry) {
        return actor.map(a -> a.equalsIgnoreCase(entry.actor())).orElse(true)
                && resource.map(r -> entry.resource().startsWith(r)).orElse(true)
                && operation.map(o -> o.equalsIgnoreCase(entry.operation())).orElse(true)
                && from.map(f -> entry.at().compareTo(f) >= 0).orElse(true)
                && to.map(t -> entry.at().compareTo(t) <= 0).orElse(true);
    }
}
