package dev.kunren.engine.debrief;

import dev.kunren.engine.postmortem.Postmortem;
import dev.kunren.engine.report.DrillReport;
import dev.kunren.engine.report.MarkdownReport;
import dev.kunren.engine.report.MarkdownText;
import dev.kunren.engine.report.Progress;
import dev.kunren.engine.report.Stage;
import dev.kunren.engine.report.Words;
import java.time.Duration;
import java.util.List;

/** The debrief as one Markdown file: teams side by side, then each team's report, progress and postmortem. */
public final class DebriefMarkdown {

    private DebriefMarkdown() {
    }

    public static String render(Debrief debrief) {
        Words w = Words.of(debrief.reports().getFirst().language());
        StringBuilder md = new StringBuilder();
        if (debrief.reports().size() > 1) {
            md.append(teamsTable(debrief.reports(), w)).append("\n---\n\n");
        }
        for (DrillReport report : debrief.reports()) {
            md.append(MarkdownReport.render(report));
            Progress progress = debrief.progress().get(report.team());
            if (progress != null && progress.drills().size() > 1) {
                md.append('\n').append(progress(progress, w));
            }
            Postmortem postmortem = debrief.postmortems().get(report.team());
            if (postmortem != null) {
                md.append('\n').append(postmortem(postmortem, w));
            }
            md.append("\n---\n\n");
        }
        return md.toString().stripTrailing() + "\n";
    }

    /** Every team's stage times in one table. */
    static String teamsTable(List<DrillReport> reports, Words w) {
        StringBuilder md = new StringBuilder("# ").append(w.t("h.teams")).append("\n\n| ").append(w.t("col.stage")).append(" |");
        reports.forEach(r -> md.append(' ').append(r.team()).append(" |"));
        md.append("\n|---|").append("---:|".repeat(reports.size())).append('\n');
        for (Stage stage : reports.getFirst().stages()) {
            md.append("| ").append(stage.label()).append(" |");
            for (DrillReport report : reports) {
                md.append(' ').append(report.stages().stream().filter(s -> s.key().equals(stage.key())).findFirst()
                        .filter(Stage::reached).map(s -> w.duration(s.took())).orElse("—")).append(" |");
            }
            md.append('\n');
        }
        md.append("| ").append(w.t("row.score")).append(" |");
        reports.forEach(r -> md.append(' ').append(MarkdownReport.number(r.totals().score())).append(" |"));
        return md.append('\n').toString();
    }

    static String progress(Progress progress, Words w) {
        StringBuilder md = new StringBuilder("## ").append(w.t("h.progress")).append("\n\n")
                .append(w.t("md.progressNote", progress.team(), progress.scenario())).append("\n\n| ").append(w.t("col.stage")).append(" |");
        for (int i = 0; i < progress.drills().size(); i++) {
            md.append(" #").append(i + 1).append(" |");
        }
        md.append(' ').append(w.t("col.change")).append(" |\n|---|").append("---:|".repeat(progress.drills().size() + 1)).append('\n');
        for (Progress.Row row : progress.rows()) {
            md.append("| ").append(row.label()).append(" |");
            row.values().forEach(v -> md.append(' ').append(v == null ? "—" : w.duration(v)).append(" |"));
            md.append(' ').append(change(row.change(), w)).append(" |\n");
        }
        md.append("| ").append(w.t("row.score")).append(" |");
        progress.scores().forEach(s -> md.append(' ').append(MarkdownReport.number(s)).append(" |"));
        return md.append(" |\n\n").append(w.t("md.drills", String.join(", ", progress.drills()))).append("\n").toString();
    }

    /** The change of a stage time from the drill before: "−30s (faster)". */
    static String change(Duration change, Words w) {
        if (change == null) {
            return "—";
        }
        if (change.isZero()) {
            return "±0";
        }
        return change.isNegative() ? "−" + w.duration(change.negated()) + " (" + w.t("change.faster") + ")"
                : "+" + w.duration(change) + " (" + w.t("change.slower") + ")";
    }

    static String postmortem(Postmortem p, Words w) {
        StringBuilder md = new StringBuilder("## ").append(MarkdownText.plain(p.title())).append("\n\n");
        String[] texts = {p.summary(), p.impact(), p.trigger(), p.detection(), p.response(), p.recovery(), p.timeline(),
                p.wentWell(), p.wentWrong(), p.gotLucky()};
        for (int i = 0; i < texts.length; i++) {
            section(md, w.t("pm." + Postmortem.SECTIONS.get(i)), texts[i], w);
        }
        md.append("### ").append(w.t("pm.actionItems")).append("\n\n");
        if (p.actionItems().isEmpty()) {
            md.append(w.t("pm.noneYet")).append("\n\n");
        } else {
            md.append("| ").append(String.join(" | ", w.t("col.type"), w.t("col.what"), w.t("col.owner"), w.t("col.due")))
                    .append(" |\n|---|---|---|---|\n");
            for (Postmortem.ActionItem item : p.actionItems()) {
                md.append("| ").append(item.knownType().isEmpty() ? w.t("pm.choose") : w.t("action." + item.knownType())).append(" | ")
                        .append(cell(item.text())).append(" | ").append(cell(item.owner())).append(" | ")
                        .append(item.due() == null ? "" : item.due()).append(" |\n");
            }
            md.append('\n');
        }
        section(md, w.t("pm.runbookGaps"), p.runbookGaps(), w);
        return md.toString();
    }

    private static void section(StringBuilder md, String heading, String text, Words w) {
        md.append("### ").append(heading).append("\n\n").append(text == null || text.isBlank() ? w.t("pm.toFillIn") : MarkdownText.markdown(text.strip()))
                .append("\n\n");
    }

    private static String cell(String text) {
        return MarkdownText.cell(text);
    }
}
