package dev.kunren.engine.expectation;

import java.time.Duration;
import java.util.Optional;

/**
 * One expectation a scenario attaches to an inject (a fault or a message).
 *
 * @param id     unique in the scenario: the inject's id and the kind ({@code customer-call/answer})
 * @param inject the fault or message inject whose moment starts the clock
 * @param limit  how long the team has; for {@link ExpectationKind#PUBLIC_UPDATES_EVERY} the longest
 *               allowed silence
 * @param alert  the alert rule it is about, for the kinds that take one; empty means any
 * @param points  added to the team's score when met
 * @param penalty taken from the team's score when missed (0: a miss only forgoes the points)
 */
public record Expectation(String id, String inject, ExpectationKind kind, Duration limit, Optional<String> alert,
                          double points, double penalty) {

    public static final double DEFAULT_POINTS = 100;
}
