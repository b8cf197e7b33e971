package dev.kunren.engine.debrief;

import dev.kunren.engine.postmortem.Postmortem;
import dev.kunren.engine.report.DrillReport;
import dev.kunren.engine.report.Progress;
import java.util.List;
import java.util.Map;

/**
 * Everything a drill's debrief shows: each team's report, its postmortem (the saved one, else the
 * draft) and, where the team has drilled the scenario before, its progress.
 */
public record Debrief(List<DrillReport> reports, Map<String, Postmortem> postmortems, Map<String, Progress> progress) {

    public Debrief {
        reports = List.copyOf(reports);
        postmortems = Map.copyOf(postmortems);
        progress = Map.copyOf(progress);
    }
}
