package dev.kunren.server.cli;

import com.fasterxml.jackson.databind.SerializationFeature;
import dev.kunren.engine.KunrenException;
import dev.kunren.engine.debrief.Debrief;
import dev.kunren.engine.debrief.DebriefHtml;
import dev.kunren.engine.debrief.DebriefMarkdown;
import dev.kunren.engine.timeline.EventJson;
import dev.kunren.engine.timeline.EventRecord;
import dev.kunren.engine.report.ReportBuilder;
import dev.kunren.engine.timeline.TimelineEvent.DrillStarted;
import dev.kunren.server.debrief.Debriefs;
import dev.kunren.server.store.DrillSummary;
import dev.kunren.server.store.JdbcEventStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code kunren report DRILL_ID}: a stored drill's debrief — every team's stage metrics,
 * expectations, charts, the merged timeline, the postmortem (saved, else the draft) and the
 * comparison with the team's earlier drills of the scenario — as Markdown, standalone HTML or JSON.
 */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Write a stored drill's debrief (report, charts, postmortem, drill-over-drill progress).")
final class ReportCommand implements Callable<Integer> {

    /** The formats {@code --format} takes, each written as debrief.EXT. */
    enum Format { md, html, json }

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "DRILL_ID", description = "The drill, as `kunren run` named it (or `list` to list the stored drills).")
    String drillId;

    @Option(names = "--format", defaultValue = "md", description = "md, html or json (default ${DEFAULT-VALUE}).")
    Format format;

    @Option(names = "--out", paramLabel = "DIR", description = "Folder to write debrief.FORMAT into (default: runs/DRILL_ID).")
    Path out;

    @Option(names = "--team", paramLabel = "TEAM", description = "Only this team (default: every team).")
    String team;

    @Option(names = "--lang", defaultValue = "en", paramLabel = "LANG", description = "en or ja: the debrief's language (default ${DEFAULT-VALUE}).")
    ReportLanguage language;

    @Mixin
    DatabaseOptions database;

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        database.check(spec);
        try (JdbcEventStore store = database.open()) {
            if (drillId.equals("list")) {
                for (DrillSummary drill : store.drills()) {
                    stdout.println(drill.id() + "  " + drill.scenario() + "  " + drill.createdAt());
                }
                return 0;
            }
            if (store.drill(drillId).isEmpty()) {
                throw new KunrenException("no drill " + drillId + " in " + (database.url == null ? "runs/kunren.mv.db" : "the database")
                        + "; `kunren report list` lists the stored drills");
            }
            List<EventRecord> events = store.events(drillId);
            DrillStarted started = ReportBuilder.start(events).map(r -> (DrillStarted) r.event()).orElseThrow(() ->
                    new KunrenException("drill " + drillId + " never started: there is nothing to report"));
            List<String> teams = started.teams().isEmpty() ? List.of("") : started.teams();
            if (team != null && !teams.contains(team)) {
                throw new KunrenException("drill " + drillId + " has no team " + team + "; its teams are " + String.join(", ", teams));
            }
            Debriefs debriefs = new Debriefs(store);
            // a postmortem not saved by its deadline is judged missed the first time a debrief is read after it
            events = debriefs.judgePostmortems(drillId, events, Optional.empty(), Instant.now());
            Debrief debrief = debriefs.of(drillId, events, team == null ? List.of() : List.of(team), language.words());
            Path dir = out != null ? out : Path.of("runs", drillId);
            Path file = dir.resolve("debrief." + format.name());
            Files.createDirectories(dir);
            Files.writeString(file, switch (format) {
                case md -> DebriefMarkdown.render(debrief);
                case html -> DebriefHtml.render(debrief);
                case json -> EventJson.mapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(debrief) + "\n";
            });
            stdout.println("Debrief of " + drillId + ": " + file);
            return 0;
        } catch (IOException e) {
            throw new KunrenException("cannot write the debrief: " + e.getMessage(), e);
        }
    }
}
