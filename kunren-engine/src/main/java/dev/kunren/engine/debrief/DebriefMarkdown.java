package dev.kunren.engine.debrief;

import static dev.kunren.engine.clock.DurationText.format;

import dev.kunren.engine.postmortem.Postmortem;
import dev.kunren.engine.report.DrillReport;
import dev.kunren.engine.report.MarkdownReport;
import dev.kunren.engine.report.Progress;
import dev.kunren.engine.report.Stage;
import java.time.Duration;
import java.util.List;

/** The debrief as one Markdown file: teams side by side, then each team's report, progress and postmortem. */
public final class DebriefMarkdown {

    private DebriefMarkdown() {
    }

    public static String render(Debrief debrief) {
        StringBuilder md = new StringBuilder();
        if (debrief.reports().size() > 1) {
            md.append(teamsTable(debrief.reports())).append("\n---\n\n");
        }
        for (DrillReport report : debrief.reports()) {
            md.append(MarkdownReport.render(report));
            Progress progress = debrief.progress().get(report.team());
            if (progress != null && progress.drills().size() > 1) {
                md.append('\n').append(progress(progress));
            }
            Postmortem postmortem = debrief.postmortems().get(report.team());
            if (postmortem != null) {
                md.append('\n').append(postmortem(postmortem));
            }
            md.append("\n---\n\n");
        }
        return md.toString().stripTrailing() + "\n";
    }

    /** Every team's stage times in one table. */
    static String teamsTable(List<DrillReport> reports) {
        StringBuilder md = new StringBuilder("# Teams side by side\n\n| stage |");
        reports.forEach(r -> md.append(' ').append(r.team()).append(" |"));
        md.append("\n|---|").append("---:|".repeat(reports.size())).append('\n');
        for (Stage stage : reports.getFirst().stages()) {
            md.append("| ").append(stage.label()).append(" |");
            for (DrillReport report : reports) {
                md.append(' ').append(report.stages().stream().filter(s -> s.key().equals(stage.key())).findFirst()
                        .filter(Stage::reached).map(s -> format(s.took())).orElse("—")).append(" |");
            }
            md.append('\n');
        }
        md.append("| Score |");
        reports.forEach(r -> md.append(' ').append(MarkdownReport.number(r.totals().score())).append(" |"));
        return md.append('\n').toString();
    }

    static String progress(Progress progress) {
        StringBuilder md = new StringBuilder("## Drill over drill\n\nTeam ").append(progress.team()).append(", scenario `")
                .append(progress.scenario()).append("`, oldest first; the last column is this drill.\n\n| stage |");
        for (int i = 0; i < progress.drills().size(); i++) {
            md.append(" #").append(i + 1).append(" |");
        }
        md.append(" change |\n|---|").append("---:|".repeat(progress.drills().size() + 1)).append('\n');
        for (Progress.Row row : progress.rows()) {
            md.append("| ").append(row.label()).append(" |");
            row.values().forEach(v -> md.append(' ').append(v == null ? "—" : format(v)).append(" |"));
            md.append(' ').append(change(row.change())).append(" |\n");
        }
        md.append("| Score |");
        progress.scores().forEach(s -> md.append(' ').append(MarkdownReport.number(s)).append(" |"));
        return md.append(" |\n\nDrills: ").append(String.join(", ", progress.drills())).append("\n").toString();
    }

    static String change(Duration change) {
        if (change == null) {
            return "—";
        }
        if (change.isZero()) {
            return "±0";
        }
        return change.isNegative() ? "−" + format(change.negated()) + " (faster)" : "+" + format(change) + " (slower)";
    }

    static String postmortem(Postmortem p) {
        StringBuilder md = new StringBuilder("## ").append(p.title()).append("\n\n");
        section(md, "Summary", p.summary());
        section(md, "Impact", p.impact());
        section(md, "Trigger", p.trigger());
        section(md, "Detection", p.detection());
        section(md, "Response", p.response());
        section(md, "Recovery", p.recovery());
        section(md, "Timeline", p.timeline());
        section(md, "What went well", p.wentWell());
        section(md, "What went wrong", p.wentWrong());
        section(md, "Where we got lucky", p.gotLucky());
        md.append("### Action items\n\n");
        if (p.actionItems().isEmpty()) {
            md.append("(none yet)\n\n");
        } else {
            md.append("| type | what | owner | due |\n|---|---|---|---|\n");
            for (Postmortem.ActionItem item : p.actionItems()) {
                md.append("| ").append(item.type().isEmpty() ? "(choose)" : item.type()).append(" | ").append(cell(item.text()))
                        .append(" | ").append(cell(item.owner())).append(" | ").append(item.due() == null ? "" : item.due()).append(" |\n");
            }
            md.append('\n');
        }
        section(md, "Runbook gaps found", p.runbookGaps());
        return md.toString();
    }

    private static void section(StringBuilder md, String heading, String text) {
        md.append("### ").append(heading).append("\n\n").append(text == null || text.isBlank() ? "(to fill in)" : text.strip())
                .append("\n\n");
    }

    private static String cell(String text) {
        return text == null ? "" : text.replace("|", "\\|").replace("\n", " ");
    }
}
