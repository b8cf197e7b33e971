package dev.kunren.engine.drill;

import dev.kunren.engine.scoring.SliWindows;
import dev.kunren.engine.timeline.TimelineEvent.WindowClosed;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Closes a team's SLI windows on the drill's ticks: each when its length has passed, the last,
 * shorter one at the drill's end. The readings alert rules take from windows come from here.
 */
final class WindowCloser {

    private final SliWindows windows;
    private final Duration length;
    private Duration start = Duration.ZERO;
    private int index;
    private long skippedBefore;
    private Optional<WindowClosed> last = Optional.empty();

    WindowCloser(SliWindows windows, Duration length) {
        this.windows = windows;
        this.length = length;
    }

    /** The window that closes at {@code t}, if one does; {@code skipped} is every request not sent so far. */
    Optional<WindowClosed> closeIfDue(Duration t, boolean lastTick, long skipped) {
        if (t.compareTo(start.plus(length)) < 0 && !(lastTick && t.compareTo(start) > 0)) {
            return Optional.empty();
        }
        WindowClosed closed = windows.close(index++, start, t, skipped - skippedBefore);
        skippedBefore = skipped;
        start = t;
        last = Optional.of(closed);
        return last;
    }

    /** Goes on after the last window a stopped process closed: the next opens where it ended. */
    void restore(java.util.List<WindowClosed> closed) {
        if (closed.isEmpty()) {
            return;
        }
        WindowClosed lastClosed = closed.getLast();
        windows.restoreTotals(lastClosed.totalScore(), closed.stream().mapToLong(WindowClosed::requests).sum(),
                closed.stream().mapToLong(WindowClosed::failed).sum());
        index = lastClosed.index() + 1;
        start = lastClosed.end();
        last = Optional.of(lastClosed);
    }

    Optional<WindowClosed> last() {
        return last;
    }

    /** The last closed window's availability, none before the first closes. */
    OptionalDouble availability() {
        return last.map(w -> OptionalDouble.of(w.availability())).orElse(OptionalDouble.empty());
    }

    /** The last closed window's p99, none when no request in it succeeded. */
    OptionalDouble p99Millis() {
        return last.filter(w -> w.requests() > w.failed()).map(w -> OptionalDouble.of(w.p99Millis())).orElse(OptionalDouble.empty());
    }
}
