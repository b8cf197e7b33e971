package dev.kunren.server.store;

import java.time.Instant;

/** A stored drill, as listed. */
public record DrillSummary(String id, String scenario, Instant createdAt) {
}
