package dev.kunren.engine.report;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Drill over drill: one team's stage times in its successive drills of one scenario, oldest
 * first, each with its change from the drill before.
 *
 * @param drills   the drills compared, oldest first; the last is the one being debriefed
 * @param language the language of the stage labels (the reports')
 */
public record Progress(String team, String scenario, List<String> drills, List<Row> rows, List<Double> scores, String language) {

    /** One stage across drills; {@code change} is the last drill's time minus the one before (null if either is missing). */
    public record Row(String key, String label, List<Duration> values, Duration change) {
    }

    /** Compares reports of the same team and scenario, given oldest first. */
    public static Progress of(List<DrillReport> reports) {
        if (reports.isEmpty()) {
            throw new IllegalArgumentException("nothing to compare");
        }
        Map<String, String> labels = new LinkedHashMap<>();
        reports.forEach(r -> r.stages().forEach(s -> labels.putIfAbsent(s.key(), s.label())));
        List<Row> rows = new ArrayList<>();
        for (Map.Entry<String, String> stage : labels.entrySet()) {
            List<Duration> values = new ArrayList<>();
            for (DrillReport report : reports) {
                values.add(report.stages().stream().filter(s -> s.key().equals(stage.getKey())).findFirst()
                        .map(Stage::took).orElse(null));
            }
            Duration last = values.getLast();
            Duration previous = values.size() < 2 ? null : values.get(values.size() - 2);
            rows.add(new Row(stage.getKey(), stage.getValue(), values, last == null || previous == null ? null : last.minus(previous)));
        }
        DrillReport latest = reports.getLast();
        return new Progress(latest.team(), latest.scenario(), reports.stream().map(DrillReport::drillId).toList(), rows,
                reports.stream().map(r -> r.totals().score()).toList(), latest.language());
    }

    /** The trend chart: every stage's time per drill. */
    public String trendSvg() {
        Map<String, List<Duration>> series = new LinkedHashMap<>();
        rows.forEach(r -> series.put(r.label(), r.values()));
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < drills.size(); i++) {
            labels.add("#" + (i + 1));
        }
        return Charts.trend(labels, series, Words.of(language));
    }
}
