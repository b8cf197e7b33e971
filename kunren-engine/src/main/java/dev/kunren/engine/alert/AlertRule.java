package dev.kunren.engine.alert;

import java.time.Duration;
import java.util.Map;

/**
 * A threshold alert: fires when {@code metric} has been above (or below) {@code threshold} for
 * {@code forDuration} of drill time, like a Prometheus rule with {@code for:}.
 *
 * @param instances glob over instance ids ({@code web-*}) for per-instance metrics; the rule looks
 *                  at the worst selected instance
 * @param summaries the summary per language, when the scenario gives it in several
 * @param query     for {@link Metric#PROMQL}, the PromQL query whose value is compared; else empty
 */
public record AlertRule(String name, String summary, Metric metric, String instances, boolean above,
                        double threshold, Duration forDuration, String severity, Map<String, String> summaries, String query) {

    public AlertRule {
        if (forDuration.isNegative()) {
            throw new IllegalArgumentException("for must be >= 0s, but was " + forDuration);
        }
        if ((metric == Metric.PROMQL) == query.isEmpty()) {
            throw new IllegalArgumentException("a promql rule needs its query, and only it has one");
        }
        summaries = Map.copyOf(summaries);
    }

    /** A rule on one of Kunren's own metrics. */
    public AlertRule(String name, String summary, Metric metric, String instances, boolean above,
                     double threshold, Duration forDuration, String severity, Map<String, String> summaries) {
        this(name, summary, metric, instances, above, threshold, forDuration, severity, summaries, "");
    }

    /** A rule whose summary is written in one language. */
    public AlertRule(String name, String summary, Metric metric, String instances, boolean above,
                     double threshold, Duration forDuration, String severity) {
        this(name, summary, metric, instances, above, threshold, forDuration, severity, Map.of());
    }

    public boolean breached(double value) {
        return above ? value > threshold : value < threshold;
    }

    /** "cpu > 90%", or the PromQL query and its threshold */
    public String condition() {
        String what = metric == Metric.PROMQL ? query : metric.key();
        return what + (above ? " > " : " < ") + formatNumber(threshold) + metric.unit();
    }

    public boolean selects(String instanceId) {
        String regex = java.util.regex.Pattern.quote(instances).replace("*", "\\E.*\\Q");
        return instanceId.matches(regex);
    }

    static String formatNumber(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
    }
}
