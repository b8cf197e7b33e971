package dev.kunren.engine.expectation;

import java.time.Duration;

/**
 * Where an expectation stands at a moment of the drill.
 *
 * @param startedAt when its clock started (the inject, or the declaration for update kinds); null
 *                  while waiting for it
 * @param deadline  the latest moment that still meets it; null while unknown
 * @param doneAt    when the expected thing happened (it may be before the inject: an incident
 *                  already declared); for a missed cadence, when the silence ran over the limit
 * @param detail    in words, for the team and the report
 */
public record ExpectationResult(Expectation expectation, State state, Duration startedAt, Duration deadline,
                                Duration doneAt, String detail) {

    /** WAITING: its inject has not happened; PENDING: running; MET and MISSED are final. */
    public enum State { WAITING, PENDING, MET, MISSED }

    public boolean decided() {
        return state == State.MET || state == State.MISSED;
    }

    /** What it adds to the score: its points when met, minus its penalty when missed, else nothing. */
    public double points() {
        return switch (state) {
            case MET -> expectation.points();
            case MISSED -> -expectation.penalty();
            default -> 0;
        };
    }
}
