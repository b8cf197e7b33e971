package dev.kunren.engine.incident;

/** The moments of an incident's response that the debrief measures. */
public enum Milestone {
    DETECTED, ACKNOWLEDGED, DECLARED, FIRST_INTERNAL_UPDATE, FIRST_PUBLIC_UPDATE, IDENTIFIED, MITIGATED, RESOLVED
}
