package dev.kunren.engine.incident;

/** How bad an incident is, SEV1 the worst. If unsure, pick the higher. */
public enum Severity { SEV1, SEV2, SEV3, SEV4, SEV5 }
