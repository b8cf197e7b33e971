package dev.kunren.server.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.kunren.engine.KunrenException;
import dev.kunren.engine.report.DrillReport;
import dev.kunren.engine.debrief.Debrief;
import dev.kunren.engine.debrief.DebriefHtml;
import dev.kunren.engine.debrief.DebriefMarkdown;
import dev.kunren.engine.timeline.EventJson;
import dev.kunren.engine.timeline.EventRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes a drill's report.md and report.html (the debrief: reports, charts, postmortem draft,
 * progress), report.json and timeline.jsonl into a folder. report.json is one report object for a
 * one-team drill and an array of them, one per team, for several teams.
 */
final class ReportFiles {

    private static final ObjectMapper JSON = EventJson.mapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ReportFiles() {
    }

    static void write(Path dir, Debrief debrief, List<EventRecord> timeline) {
        List<DrillReport> reports = debrief.reports();
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("report.md"), DebriefMarkdown.render(debrief));
            Files.writeString(dir.resolve("report.html"), DebriefHtml.render(debrief));
            Files.writeString(dir.resolve("report.json"), JSON.writeValueAsString(reports.size() == 1 ? reports.getFirst() : reports) + "\n");
            ObjectMapper compact = EventJson.mapper();
            StringBuilder lines = new StringBuilder();
            for (EventRecord record : timeline) {
                lines.append(compact.writeValueAsString(record)).append('\n');
            }
            Files.writeString(dir.resolve("timeline.jsonl"), lines);
        } catch (IOException e) {
            throw new KunrenException("cannot write the report into " + dir + ": " + e.getMessage(), e);
        }
    }
}
