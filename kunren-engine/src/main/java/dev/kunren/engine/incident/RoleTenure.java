package dev.kunren.engine.incident;

import java.time.Duration;

/** Who held a role of an incident, from when until when ({@code until} null: still holds it). */
public record RoleTenure(String role, String person, Duration from, Duration until, String assignedBy) {
}
