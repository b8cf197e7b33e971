package dev.kunren.server.web;

import dev.kunren.engine.timeline.EventRecord;
import dev.kunren.engine.timeline.TimelineEvent.ExpectationJudged;
import dev.kunren.engine.timeline.TimelineEvent.WindowClosed;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The live scoreboard of a drill, from its timeline. */
final class Scoreboard {

    private Scoreboard() {
    }

    /**
     * Every team's total and its score after each change, ranked. A total is the service points
     * of the last SLI window plus the points of the expectations met so far.
     */
    static List<Map<String, Object>> of(LiveDrill drill) {
        Map<String, List<Double>> trends = new LinkedHashMap<>();
        Map<String, double[]> parts = new LinkedHashMap<>();  // service, expectations
        drill.teams().forEach(t -> {
            trends.put(t.name(), new ArrayList<>());
            parts.put(t.name(), new double[2]);
        });
        for (EventRecord record : drill.timeline().records()) {
            double[] part = parts.get(record.team());
            if (part == null) {
                continue;
            }
            if (record.event() instanceof WindowClosed window) {
                part[0] = window.totalScore();
            } else if (record.event() instanceof ExpectationJudged judged) {
                part[1] += judged.points();
            } else {
                continue;
            }
            trends.get(record.team()).add(part[0] + part[1]);
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Map.Entry<String, List<Double>> entry : trends.entrySet()) {
            List<Double> trend = entry.getValue();
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("team", entry.getKey());
            row.put("score", trend.isEmpty() ? 0.0 : trend.getLast());
            row.put("trend", trend);
            row.put("previousScore", trend.size() < 2 ? 0.0 : trend.get(trend.size() - 2));
            rows.add(row);
        }
        rows.sort((a, b) -> Double.compare((double) b.get("score"), (double) a.get("score")));
        List<Map<String, Object>> previous = new ArrayList<>(rows);
        previous.sort((a, b) -> Double.compare((double) b.get("previousScore"), (double) a.get("previousScore")));
        for (int i = 0; i < rows.size(); i++) {
            rows.get(i).put("rank", i + 1);
            rows.get(i).put("previousRank", previous.indexOf(rows.get(i)) + 1);
        }
        return rows;
    }
}
