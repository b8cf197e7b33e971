package dev.kunren.engine.timeline;

import java.util.Map;

/**
 * One criterion of a scenario's rubric, which observers score each team on from 0 to 3 (seed 003's
 * watchers): {@code declared-early: "declared before investigating"}.
 *
 * @param texts the criterion per language, when the scenario gives it in several
 */
public record RubricCriterion(String id, String text, Map<String, String> texts) {

    /** The highest score a criterion takes; 0 is the lowest. */
    public static final int MAX_SCORE = 3;

    public RubricCriterion {
        texts = Map.copyOf(texts);
    }
}
