package dev.kunren.shop.logs;

import dev.kunren.shop.DrillTime;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The logs of one team's environment, newest kept. A message repeated by the same component within
 * the same drill second is written once and counted, so a failing dependency under load cannot
 * flood the book (the count shows in the next line).
 */
public final class LogBook {

    public static final int CAPACITY = 5_000;

    private final InstantSource drillClock;
    private final Deque<LogLine> lines = new ArrayDeque<>();
    private final Map<String, Long> lastSecondByKey = new HashMap<>();
    private final Map<String, Integer> suppressed = new HashMap<>();
    private long nextId = 1;

    public LogBook(InstantSource drillClock) {
        this.drillClock = drillClock;
    }

    public void info(String component, String message) {
        write(component, "INFO", message);
    }

    public void warn(String component, String message) {
        write(component, "WARN", message);
    }

    public void error(String component, String message) {
        write(component, "ERROR", message);
    }

    private synchronized void write(String component, String level, String message) {
        Duration at = DrillTime.now(drillClock);
        String key = component + '\u0000' + message;
        Long last = lastSecondByKey.put(key, at.toSeconds());
        if (last != null && last == at.toSeconds()) {
            suppressed.merge(key, 1, Integer::sum);
            return;
        }
        Integer repeats = suppressed.remove(key);
        String text = repeats == null ? message : message + " (and " + repeats + " more like it)";
        lines.addLast(new LogLine(nextId++, at, component, level, text));
        if (lines.size() > CAPACITY) {
            lines.removeFirst();
        }
        if (lastSecondByKey.size() > 10_000) {
            lastSecondByKey.clear();
        }
    }

    /**
     * Lines matching every given filter (component exact, text case-insensitive substring), newest
     * first, at most {@code limit}.
     */
    public synchronized List<LogLine> search(Optional<String> component, Optional<String> text, int limit) {
        String needle = text.map(t -> t.toLowerCase(Locale.ROOT)).orElse(null);
        List<LogLine> found = new ArrayList<>();
        var iterator = lines.descendingIterator();
        while (iterator.hasNext() && found.size() < limit) {
            LogLine line = iterator.next();
            if (component.map(c -> c.equals(line.component())).orElse(true)
                    && (needle == null || line.message().toLowerCase(Locale.ROOT).contains(needle))) {
                found.add(line);
            }
        }
        return found;
    }
}
