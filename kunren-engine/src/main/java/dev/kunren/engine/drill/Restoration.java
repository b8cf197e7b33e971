package dev.kunren.engine.drill;

import dev.kunren.engine.timeline.TimelineEvent.DrillRestored;
import java.util.ArrayList;
import java.util.List;

/**
 * What a rebuild of a drill after a crash found: the faults still in flight, and what it could not
 * rebuild exactly; each named with its team when the drill has several.
 */
final class Restoration {

    private final boolean nameTeams;
    private final List<String> resumed = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    Restoration(boolean nameTeams) {
        this.nameTeams = nameTeams;
    }

    synchronized void resumed(String team, List<String> faultIds) {
        faultIds.forEach(id -> resumed.add(nameTeams ? team + ": " + id : id));
    }

    synchronized void note(String team, String note) {
        notes.add(nameTeams ? team + ": " + note : note);
    }

    synchronized DrillRestored event() {
        return new DrillRestored(resumed, notes);
    }
}
