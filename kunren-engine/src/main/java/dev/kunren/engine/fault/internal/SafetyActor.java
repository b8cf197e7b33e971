package dev.kunren.engine.fault.internal;

import dev.kunren.shop.audit.Actor;

/** The identity under which Kunren's safety limits revert a fault, as the audit trail shows it. */
final class SafetyActor {

    static final Actor ACTOR = Actor.automation("kunren-safety");

    private SafetyActor() {
    }
}
