package dev.kunren.engine.clock;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as people write them in scenarios and read them in reports: {@code 90s}, {@code 5m}, {@code 1m30s}, {@code 250ms}. */
public final class DurationText {

    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h)");

    private DurationText() {
    }

    /** Parses {@code 1h}, {@code 5m}, {@code 90s}, {@code 1m30s}, {@code 250ms}; a minus sign makes it negative. */
    public static Optional<Duration> parse(String text) {
        String trimmed = text.trim();
        boolean negative = trimmed.startsWith("-");
        String body = negative ? trimmed.substring(1) : trimmed;
        if (body.isEmpty()) {
            return Optional.empty();
        }
        Matcher matcher = PART.matcher(body);
        Duration total = Duration.ZERO;
        int position = 0;
        while (matcher.find() && matcher.start() == position) {
            double amount = Double.parseDouble(matcher.group(1));
            long unitNanos = switch (matcher.group(2)) {
                case "ms" -> 1_000_000L;
                case "s" -> 1_000_000_000L;
                case "m" -> 60_000_000_000L;
                default -> 3_600_000_000_000L;
            };
            if (amount > 1e6) {
                return Optional.empty();
            }
            total = total.plusNanos(Math.round(amount * unitNanos));
            position = matcher.end();
        }
        if (position != body.length()) {
            return Optional.empty();
        }
        return Optional.of(negative ? total.negated() : total);
    }

    /** Formats for people: {@code 0s}, {@code 850ms}, {@code 42s}, {@code 4.5s}, {@code 1m 05s}, {@code 1h 02m 03s}, {@code 1h 30m}, {@code 48h}. */
    public static String format(Duration duration) {
        if (duration.isNegative()) {
            return "-" + format(duration.negated());
        }
        long millis = duration.toMillis();
        if (millis < 1000 && millis > 0) {
            return millis + "ms";
        }
        if (millis < 60_000) {
            return millis % 1000 == 0 ? millis / 1000 + "s" : String.format(java.util.Locale.ROOT, "%.1fs", millis / 1000.0);
        }
        long seconds = Math.round(millis / 1000.0);
        if (seconds < 3600) {
            return String.format("%dm %02ds", seconds / 60, seconds % 60);
        }
        // whole hours drop their zero parts: 48h, 1h 30m, 1h 02m 03s
        long minutes = seconds % 3600 / 60;
        long rest = seconds % 60;
        return seconds / 3600 + "h" + (minutes > 0 || rest > 0 ? String.format(" %02dm", minutes) : "")
                + (rest > 0 ? String.format(" %02ds", rest) : "");
    }
}
