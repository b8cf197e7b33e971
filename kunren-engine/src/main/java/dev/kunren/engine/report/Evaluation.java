package dev.kunren.engine.report;

import dev.kunren.engine.timeline.EventRecord;
import dev.kunren.engine.timeline.RubricCriterion;
import dev.kunren.engine.timeline.TimelineEvent.EvaluationNoted;
import dev.kunren.engine.timeline.TimelineEvent.RubricScored;
import dev.kunren.engine.timeline.TimelineEvent.RubricSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What observers made of a team (seed 003's watchers): their notes in order, and each rubric
 * criterion's scores, one per observer (their latest), with the average.
 */
public record Evaluation(List<Note> notes, List<Criterion> rubric) {

    public record Note(Duration at, String by, String text) {
    }

    /** A criterion in the report's language, each observer's latest score (0–3) and comment, and their average (null: unscored). */
    public record Criterion(String id, String text, Map<String, Integer> scores, Map<String, String> comments, Double average) {
    }

    public boolean empty() {
        return notes.isEmpty() && rubric.isEmpty();
    }

    /** The evaluation in a team's records (the rubric is the drill's, the notes and scores the team's). */
    public static Evaluation of(List<EventRecord> records, Words w) {
        List<Note> notes = new ArrayList<>();
        List<RubricCriterion> criteria = new ArrayList<>();
        Map<String, Map<String, RubricScored>> latest = new LinkedHashMap<>();
        for (EventRecord record : records) {
            switch (record.event()) {
                case RubricSet set -> criteria.addAll(set.criteria());
                case EvaluationNoted note -> notes.add(new Note(record.at(), note.by(), note.text()));
                case RubricScored score -> latest.computeIfAbsent(score.criterion(), c -> new LinkedHashMap<>()).put(score.by(), score);
                default -> {
                }
            }
        }
        List<Criterion> rubric = new ArrayList<>();
        for (RubricCriterion criterion : criteria) {
            Map<String, Integer> scores = new LinkedHashMap<>();
            Map<String, String> comments = new LinkedHashMap<>();
            latest.getOrDefault(criterion.id(), Map.of()).forEach((by, score) -> {
                scores.put(by, score.score());
                if (!score.comment().isEmpty()) {
                    comments.put(by, score.comment());
                }
            });
            Double average = scores.isEmpty() ? null
                    : Math.round(scores.values().stream().mapToInt(Integer::intValue).average().orElse(0) * 100) / 100.0;
            rubric.add(new Criterion(criterion.id(), w.own(criterion.texts(), criterion.text()), scores, comments, average));
        }
        return new Evaluation(List.copyOf(notes), List.copyOf(rubric));
    }
}
