package dev.kunren.engine.report;

import dev.kunren.engine.clock.DurationText;
import dev.kunren.engine.report.DrillReport.ExpectationReport;
import dev.kunren.engine.report.DrillReport.FaultReport;
import dev.kunren.engine.report.DrillReport.TimelineEntry;
import dev.kunren.engine.report.DrillReport.WindowPoint;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The report's charts as SVG: the SLIs (availability and p99 latency against their objectives) and
 * the score over drill time, with the faults as shaded bands and markers for alerts, the team's
 * operations, its incident and its status page updates.
 */
public final class Charts {

    private static final int WIDTH = 880;
    private static final int LEFT = 120;
    private static final int RIGHT = 16;
    private static final String FAULT = "#d32f2f";
    /** Marker rows: event type → colour (the row's label is the words' chart.marker.TYPE). */
    private static final Map<String, String> MARKERS = Map.of(
            "alert-changed", "#ef6c00",
            "alert-acknowledged", "#6d4c41",
            "console-operation", "#607d8b",
            "incident-declared", "#7b1fa2",
            "public-update-posted", "#1565c0",
            "message-delivered", "#2e7d32");
    private static final List<String> MARKER_ORDER = List.of("message-delivered", "alert-changed", "alert-acknowledged",
            "incident-declared", "public-update-posted", "console-operation");

    private Charts() {
    }

    /** Availability and p99 over time with every marker; for a tabletop drill, the markers alone. */
    public static String service(DrillReport report) {
        double span = Math.max(1, report.duration().toMillis() / 1000.0);
        boolean slis = !report.tabletop() && !report.windows().isEmpty();
        int markersTop = slis ? 236 : 30;
        int height = markersTop + MARKER_ORDER.size() * 12 + 40;
        Words w = Words.of(report.language());
        Svg svg = new Svg(WIDTH, height, w.t("chart.service", label(report, w)));
        double plotWidth = WIDTH - LEFT - RIGHT;
        java.util.function.DoubleUnaryOperator x = seconds -> LEFT + plotWidth * Math.min(seconds, span) / span;
        for (FaultReport fault : report.faults()) {
            double from = seconds(fault.injectedAt());
            double to = fault.revertedAt() == null ? span : seconds(fault.revertedAt());
            svg.rect(x.applyAsDouble(from), 14, x.applyAsDouble(to) - x.applyAsDouble(from), markersTop + MARKER_ORDER.size() * 12 - 10,
                    FAULT + "22", "fault", w.t("chart.faultSpan", fault.id(), fault.type(), clock(from), clock(to)));
            svg.text(x.applyAsDouble(from) + 3, 24, fault.id(), "start", FAULT);
        }
        if (slis) {
            plotAvailability(svg, report, x, w);
            plotLatency(svg, report, x, w);
        }
        int row = 0;
        for (String type : MARKER_ORDER) {
            double y = markersTop + row * 12;
            svg.text(LEFT - 6, y + 4, w.t("chart.marker." + type), "end", "#555");
            for (TimelineEntry entry : report.timeline()) {
                if (entry.type().equals(type) && entry.marked()) {
                    svg.circle(x.applyAsDouble(seconds(entry.at())), y, 4, MARKERS.get(type), "marker " + type,
                            clock(seconds(entry.at())) + " " + entry.text());
                }
            }
            row++;
        }
        axis(svg, x, span, markersTop + MARKER_ORDER.size() * 12 + 4);
        return svg.toString();
    }

    private static void plotAvailability(Svg svg, DrillReport report, java.util.function.DoubleUnaryOperator x, Words w) {
        double top = 34;
        double bottom = 110;
        double low = Math.min(90, report.windows().stream().mapToDouble(WindowPoint::availability).min().orElse(90));
        java.util.function.DoubleUnaryOperator y = v -> bottom - (bottom - top) * (v - low) / (100 - low);
        svg.text(LEFT - 6, top + 4, "100%", "end", "#555").text(LEFT - 6, bottom, String.format(java.util.Locale.ROOT, "%.0f%%", low), "end", "#555");
        double objective = report.objectives().availabilityPercent();
        svg.line(LEFT, y.applyAsDouble(objective), WIDTH - RIGHT, y.applyAsDouble(objective), "#2e7d32", "stroke-dasharray=\"4 3\"");
        svg.text(WIDTH - RIGHT, y.applyAsDouble(objective) - 3, w.t("chart.availabilityObjective", objective), "end", "#2e7d32");
        List<double[]> points = new ArrayList<>();
        for (WindowPoint window : report.windows()) {
            points.add(new double[] {x.applyAsDouble(seconds(window.end())), y.applyAsDouble(window.availability())});
        }
        svg.polyline(points, "#0a66c2", "availability");
        svg.text(LEFT + 4, top - 4, w.t("chart.availability"), "start", "#0a66c2");
    }

    private static void plotLatency(Svg svg, DrillReport report, java.util.function.DoubleUnaryOperator x, Words w) {
        double top = 136;
        double bottom = 212;
        double objective = report.objectives().latencyP99().toMillis();
        double high = Math.max(objective * 1.5, report.windows().stream().mapToDouble(WindowPoint::p99Millis).max().orElse(0));
        java.util.function.DoubleUnaryOperator y = v -> bottom - (bottom - top) * Math.min(v, high) / high;
        svg.text(LEFT - 6, top + 4, Math.round(high) + " ms", "end", "#555").text(LEFT - 6, bottom, "0 ms", "end", "#555");
        svg.line(LEFT, y.applyAsDouble(objective), WIDTH - RIGHT, y.applyAsDouble(objective), "#2e7d32", "stroke-dasharray=\"4 3\"");
        svg.text(WIDTH - RIGHT, y.applyAsDouble(objective) - 3, w.t("chart.latencyObjective", Math.round(objective)), "end", "#2e7d32");
        List<double[]> points = new ArrayList<>();
        for (WindowPoint window : report.windows()) {
            points.add(new double[] {x.applyAsDouble(seconds(window.end())), y.applyAsDouble(window.p99Millis())});
        }
        svg.polyline(points, "#8e24aa", "latency");
        svg.text(LEFT + 4, top - 4, w.t("chart.latency"), "start", "#8e24aa");
    }

    /** The score over time: service points after each window plus the expectations met so far. */
    public static String score(DrillReport report) {
        double span = Math.max(1, report.duration().toMillis() / 1000.0);
        List<double[]> series = new ArrayList<>();  // seconds, total
        double service = 0;
        double expectations = 0;
        List<double[]> steps = new ArrayList<>();
        report.windows().forEach(w -> steps.add(new double[] {seconds(w.end()), 0, w.totalScore()}));
        for (ExpectationReport e : report.expectations()) {
            steps.add(new double[] {e.judgedAt() == null ? span : seconds(e.judgedAt()), 1, e.points()});
        }
        steps.sort(java.util.Comparator.comparingDouble(s -> s[0]));
        series.add(new double[] {0, 0});
        for (double[] step : steps) {
            if (step[1] == 0) {
                service = step[2];
            } else {
                expectations += step[2];
            }
            series.add(new double[] {step[0], service + expectations});
        }
        double low = Math.min(0, series.stream().mapToDouble(p -> p[1]).min().orElse(0));
        double high = Math.max(1, series.stream().mapToDouble(p -> p[1]).max().orElse(1));
        int height = 150;
        Words w = Words.of(report.language());
        Svg svg = new Svg(WIDTH, height, w.t("chart.score", label(report, w)));
        double plotWidth = WIDTH - LEFT - RIGHT;
        java.util.function.DoubleUnaryOperator x = seconds -> LEFT + plotWidth * Math.min(seconds, span) / span;
        java.util.function.DoubleUnaryOperator y = v -> 110 - 90 * (v - low) / (high - low);
        for (FaultReport fault : report.faults()) {
            double from = seconds(fault.injectedAt());
            double to = fault.revertedAt() == null ? span : seconds(fault.revertedAt());
            svg.rect(x.applyAsDouble(from), 16, x.applyAsDouble(to) - x.applyAsDouble(from), 96, FAULT + "22", "fault",
                    w.t("chart.fault", fault.id()));
        }
        svg.text(LEFT - 6, 24, String.valueOf(Math.round(high)), "end", "#555").text(LEFT - 6, 110, String.valueOf(Math.round(low)), "end", "#555");
        List<double[]> points = new ArrayList<>();
        for (double[] p : series) {
            points.add(new double[] {x.applyAsDouble(p[0]), y.applyAsDouble(p[1])});
        }
        svg.polyline(points, "#0a66c2", "score");
        svg.text(LEFT + 4, 12, w.t("chart.scoreLine"), "start", "#0a66c2");
        axis(svg, x, span, 116);
        return svg.toString();
    }

    /** Drill over drill: each stage's time (minutes) in successive drills, one line per stage. */
    public static String trend(List<String> drillLabels, Map<String, List<Duration>> stageTimes, Words w) {
        int height = 220;
        Svg svg = new Svg(WIDTH, height, w.t("chart.trend"));
        double max = stageTimes.values().stream().flatMap(List::stream).filter(java.util.Objects::nonNull)
                .mapToDouble(d -> d.toMillis() / 60_000.0).max().orElse(1);
        max = Math.max(max, 1);
        int n = drillLabels.size();
        double plotWidth = WIDTH - LEFT - 200;
        java.util.function.IntToDoubleFunction x = i -> LEFT + (n <= 1 ? plotWidth / 2 : plotWidth * i / (n - 1));
        double top = 20;
        double bottom = 180;
        double finalMax = max;
        java.util.function.DoubleUnaryOperator y = minutes -> bottom - (bottom - top) * minutes / finalMax;
        svg.text(LEFT - 6, top + 4, String.format(java.util.Locale.ROOT, "%.0f", max) + " " + w.t("chart.minutes"), "end", "#555")
                .text(LEFT - 6, bottom, "0", "end", "#555");
        for (int i = 0; i < n; i++) {
            svg.text(x.applyAsDouble(i), bottom + 16, drillLabels.get(i), "middle", "#555");
        }
        String[] colours = {"#0a66c2", "#ef6c00", "#7b1fa2", "#2e7d32", "#1565c0", "#d32f2f", "#6d4c41", "#00838f", "#9e9d24", "#ad1457"};
        int c = 0;
        for (Map.Entry<String, List<Duration>> stage : stageTimes.entrySet()) {
            String colour = colours[c % colours.length];
            List<double[]> points = new ArrayList<>();
            for (int i = 0; i < stage.getValue().size(); i++) {
                Duration d = stage.getValue().get(i);
                if (d != null) {
                    double px = x.applyAsDouble(i);
                    double py = y.applyAsDouble(d.toMillis() / 60_000.0);
                    points.add(new double[] {px, py});
                    svg.circle(px, py, 3, colour, "trend-point", stage.getKey() + ": " + DurationText.format(d));
                }
            }
            svg.polyline(points, colour, "trend");
            svg.text(WIDTH - 190, top + 12 + c * 15, stage.getKey(), "start", colour);
            c++;
        }
        return svg.toString();
    }

    private static void axis(Svg svg, java.util.function.DoubleUnaryOperator x, double span, double y) {
        svg.line(LEFT, y, WIDTH - RIGHT, y, "#999", "");
        double step = niceStep(span);
        for (double t = 0; t <= span + 0.001; t += step) {
            svg.line(x.applyAsDouble(t), y, x.applyAsDouble(t), y + 4, "#999", "");
            svg.text(x.applyAsDouble(t), y + 15, clock(t), "middle", "#555");
        }
    }

    private static double niceStep(double span) {
        for (double step : new double[] {10, 30, 60, 120, 300, 600, 900, 1800, 3600}) {
            if (span / step <= 12) {
                return step;
            }
        }
        return 7200;
    }

    private static String label(DrillReport report, Words w) {
        return report.team().isEmpty() ? w.t("chart.onlyTeam") : report.team();
    }

    private static double seconds(Duration d) {
        return d.toMillis() / 1000.0;
    }

    static String clock(double seconds) {
        long s = Math.round(seconds);
        return String.format(java.util.Locale.ROOT, "%02d:%02d", s / 60, s % 60);
    }
}
