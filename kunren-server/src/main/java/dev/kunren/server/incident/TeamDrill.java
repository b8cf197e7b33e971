package dev.kunren.server.incident;

import dev.kunren.engine.scenario.Scenario;
import dev.kunren.engine.timeline.EventRecord;
import dev.kunren.engine.timeline.Timeline;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * One team's side of a running drill, as incident command needs it: the web app's drills and a
 * headless {@code kunren run} both give one, so a team runs its incident the same way from the
 * browser and from {@code kunren console}.
 *
 * @param drillTime   drill time now
 * @param whyClosed   why the drill takes no command now (not started, ended), or empty while it does
 * @param commandLock held while a command reads the team's state and appends its event, so two
 *                    commands do not interleave
 */
public record TeamDrill(String team, Scenario scenario, Timeline timeline, Supplier<Duration> drillTime,
                        Supplier<Optional<String>> whyClosed, Object commandLock) {

    public Duration elapsed() {
        return drillTime.get();
    }

    public Optional<String> closed() {
        return whyClosed.get();
    }

    /** The team's events so far. */
    public List<EventRecord> records() {
        return timeline.records().stream().filter(r -> r.team().equals(team)).toList();
    }
}
