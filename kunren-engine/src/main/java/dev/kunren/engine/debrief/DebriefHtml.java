package dev.kunren.engine.debrief;

import static dev.kunren.engine.clock.DurationText.format;

import dev.kunren.engine.postmortem.Postmortem;
import dev.kunren.engine.report.Charts;
import dev.kunren.engine.report.DrillReport;
import dev.kunren.engine.report.MarkdownReport;
import dev.kunren.engine.report.Progress;
import dev.kunren.engine.report.Stage;
import java.util.List;

/**
 * The debrief as one standalone HTML file: no script, no outside resource, the charts inline as
 * SVG, so it can be mailed, archived or opened offline.
 */
public final class DebriefHtml {

    private static final String STYLE = """
            body{font:15px/1.5 system-ui,"Hiragino Sans","Noto Sans JP",sans-serif;color:#1d2430;margin:0;background:#f6f7f9}
            header,section{max-width:960px;margin:0 auto;padding:1rem 1.5rem;background:#fff}
            header{background:#14213d;color:#fff}header p{opacity:.85;margin:.2rem 0}
            section{margin-top:1rem;border-radius:8px;box-shadow:0 1px 3px rgba(0,0,0,.08)}
            h1{font-size:1.5rem;margin:.2rem 0}h2{font-size:1.3rem;border-bottom:2px solid #14213d}h3{font-size:1.05rem;margin-top:1.4rem}
            table{border-collapse:collapse;width:100%;font-size:.92rem;margin:.4rem 0}
            th,td{text-align:left;padding:.3rem .5rem;border-bottom:1px solid #e6e9ee;vertical-align:top}
            td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
            .met{color:#2e7d32;font-weight:600}.missed,.bad{color:#c62828;font-weight:600}.faster{color:#2e7d32}.slower{color:#c62828}
            .muted{color:#5b6576}ol.timeline{font-size:.9rem;padding-left:1.4rem}li.revealed{color:#c62828}
            svg.kunren-chart{max-width:100%;height:auto;background:#fafbfc;border:1px solid #e6e9ee;border-radius:4px}
            .postmortem h4{margin:1rem 0 .2rem}.postmortem p{margin:.2rem 0}
            """;

    private DebriefHtml() {
    }

    public static String render(Debrief debrief) {
        DrillReport first = debrief.reports().getFirst();
        StringBuilder h = new StringBuilder("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>Debrief: ")
                .append(e(first.title())).append("</title><style>").append(STYLE).append("</style></head><body>\n");
        h.append("<header><h1>Debrief: ").append(e(first.title())).append("</h1><p>Drill <code>").append(e(first.drillId()))
                .append("</code> · scenario <code>").append(e(first.scenario())).append("</code> · started ")
                .append(e(String.valueOf(first.startedAt()))).append(" · ").append(MarkdownReport.number(first.speed()))
                .append("× · ran ").append(format(first.duration())).append(" of drill time (").append(e(first.endReason()))
                .append(")</p>").append(pauses(first)).append("</header>\n");
        if (debrief.reports().size() > 1) {
            h.append(teamsTable(debrief.reports()));
        }
        for (DrillReport report : debrief.reports()) {
            h.append(team(report, debrief.progress().get(report.team()), debrief.postmortems().get(report.team())));
        }
        return h.append("</body></html>\n").toString();
    }

    private static String pauses(DrillReport report) {
        if (report.pauses().isEmpty()) {
            return "";
        }
        StringBuilder p = new StringBuilder("<p class=\"pauses\">Paused ");
        for (DrillReport.Pause pause : report.pauses()) {
            p.append("at ").append(format(pause.at())).append(" for ")
                    .append(pause.realLength() == null ? "the rest of the drill" : format(pause.realLength()) + " of real time").append("; ");
        }
        return p.append("drill time stood still meanwhile, so no time here counts a pause.</p>").toString();
    }

    private static String teamsTable(List<DrillReport> reports) {
        StringBuilder h = new StringBuilder("<section class=\"teams\"><h2>Teams side by side</h2><table><tr><th>stage</th>");
        reports.forEach(r -> h.append("<th>").append(e(r.team())).append("</th>"));
        h.append("</tr>");
        for (Stage stage : reports.getFirst().stages()) {
            h.append("<tr><td>").append(e(stage.label())).append("</td>");
            for (DrillReport report : reports) {
                h.append("<td class=\"num\">").append(report.stages().stream().filter(s -> s.key().equals(stage.key()))
                        .findFirst().filter(Stage::reached).map(s -> format(s.took())).orElse("—")).append("</td>");
            }
            h.append("</tr>");
        }
        h.append("<tr><td>Score</td>");
        reports.forEach(r -> h.append("<td class=\"num\">").append(MarkdownReport.number(r.totals().score())).append("</td>"));
        return h.append("</tr></table></section>\n").toString();
    }

    private static String team(DrillReport r, Progress progress, Postmortem postmortem) {
        StringBuilder h = new StringBuilder("<section class=\"team\" data-team=\"").append(e(r.team())).append("\"><h2>")
                .append(r.team().isEmpty() ? "Report" : "Team " + e(r.team())).append("</h2>");
        var t = r.totals();
        h.append("<p class=\"score\">Score <strong>").append(MarkdownReport.number(t.score())).append("</strong> = ")
                .append(MarkdownReport.number(t.servicePoints())).append(" for the service + ")
                .append(MarkdownReport.number(t.expectationPoints())).append(" for expectations");
        if (!r.tabletop()) {
            h.append(" · ").append(t.failed()).append(" of ").append(t.requests()).append(" requests failed (availability ")
                    .append(MarkdownReport.number(t.availabilityPercent())).append("%) · error budget used ")
                    .append(t.errorBudgetConsumedPercent() == null ? "n/a" : MarkdownReport.number(t.errorBudgetConsumedPercent()) + "%");
        }
        h.append("</p>");
        h.append("<h3>Stages</h3><table class=\"stages\"><tr><th>stage</th><th>took</th><th>measured from</th><th>how</th></tr>");
        for (Stage s : r.stages()) {
            h.append("<tr data-stage=\"").append(s.key()).append("\"><td>").append(e(s.label())).append("</td><td class=\"num\">")
                    .append(s.reached() ? format(s.took()) : "<span class=\"bad\">—</span>").append("</td><td>").append(e(s.from()))
                    .append("</td><td>").append(e(s.note())).append("</td></tr>");
        }
        h.append("</table>");
        h.append("<h3>Service level and response</h3>").append(Charts.service(r));
        h.append("<h3>Score over time</h3>").append(Charts.score(r));
        if (!r.expectations().isEmpty()) {
            long met = r.expectations().stream().filter(DrillReport.ExpectationReport::met).count();
            h.append("<h3>Expectations: ").append(met).append(" of ").append(r.expectations().size()).append(" met</h3><table>")
                    .append("<tr><th>expectation</th><th>result</th><th>deadline</th><th>done</th><th>points</th><th>detail</th></tr>");
            for (DrillReport.ExpectationReport x : r.expectations()) {
                h.append("<tr><td>").append(e(x.id())).append("</td><td class=\"").append(x.met() ? "met\">met" : "missed\">missed")
                        .append("</td><td class=\"num\">").append(x.deadline() == null ? "" : format(x.deadline()))
                        .append("</td><td class=\"num\">").append(x.doneAt() == null ? "" : format(x.doneAt()))
                        .append("</td><td class=\"num\">").append(MarkdownReport.number(x.points())).append("</td><td>")
                        .append(e(x.detail())).append("</td></tr>");
            }
            h.append("</table>");
        }
        if (!r.faults().isEmpty()) {
            h.append("<h3>Faults</h3><table><tr><th>fault</th><th>injected</th><th>ended</th><th>detect</th><th>mitigate</th><th>fix</th><th>failed requests</th></tr>");
            for (DrillReport.FaultReport f : r.faults()) {
                h.append("<tr><td>").append(e(f.id() + " (" + f.type() + (f.target().isEmpty() ? "" : " on " + f.target()) + ")"))
                        .append("</td><td class=\"num\">").append(format(f.injectedAt())).append("</td><td>")
                        .append(f.revertedAt() == null ? "never" : format(f.revertedAt()) + " (" + e(f.revertReason().replace('_', ' ')) + ")")
                        .append("</td><td class=\"num\">").append(f.timeToDetect() == null ? "not detected" : format(f.timeToDetect()))
                        .append("</td><td class=\"num\">").append(!f.customerImpact() ? "no impact" : f.timeToMitigate() == null ? "not mitigated" : format(f.timeToMitigate()))
                        .append("</td><td class=\"num\">").append(f.timeToFix() == null ? "not fixed" : format(f.timeToFix()))
                        .append("</td><td class=\"num\">").append(f.requestsFailed()).append("</td></tr>");
            }
            h.append("</table>");
        }
        if (!r.failovers().isEmpty()) {
            h.append("<h3>Database failovers</h3><table><tr><th>at</th><th>from → to</th><th>RTO</th><th>RPO</th><th>lost writes</th></tr>");
            for (DrillReport.FailoverReport f : r.failovers()) {
                h.append("<tr><td class=\"num\">").append(format(f.at())).append("</td><td>").append(e(f.from() + " → " + f.to()))
                        .append(f.automatic() ? " (automatic)" : "").append("</td><td class=\"num\">")
                        .append(f.rto() == null ? "n/a" : format(f.rto())).append("</td><td class=\"num\">").append(f.rpo().toMillis())
                        .append(" ms</td><td class=\"num\">").append(f.lostWrites()).append("</td></tr>");
            }
            h.append("</table>");
        }
        if (progress != null && progress.drills().size() > 1) {
            h.append(progress(progress));
        }
        h.append("<h3>Timeline</h3><p class=\"muted\">Marked in red: what the team could not see during the drill.</p><ol class=\"timeline\">");
        for (DrillReport.TimelineEntry entry : r.timeline()) {
            h.append("<li").append(entry.revealed() ? " class=\"revealed\"" : "").append("><code>").append(format(entry.at()))
                    .append("</code> ").append(e(entry.text())).append("</li>");
        }
        h.append("</ol>");
        if (postmortem != null) {
            h.append(postmortem(postmortem));
        }
        return h.append("</section>\n").toString();
    }

    private static String progress(Progress p) {
        StringBuilder h = new StringBuilder("<h3>Drill over drill</h3><p class=\"muted\">Team ").append(e(p.team()))
                .append(", oldest first; the last column is this drill.</p><table class=\"progress\"><tr><th>stage</th>");
        for (int i = 0; i < p.drills().size(); i++) {
            h.append("<th title=\"").append(e(p.drills().get(i))).append("\">#").append(i + 1).append("</th>");
        }
        h.append("<th>change</th></tr>");
        for (Progress.Row row : p.rows()) {
            h.append("<tr><td>").append(e(row.label())).append("</td>");
            row.values().forEach(v -> h.append("<td class=\"num\">").append(v == null ? "—" : format(v)).append("</td>"));
            String change = DebriefMarkdown.change(row.change());
            h.append("<td class=\"num ").append(change.contains("faster") ? "faster" : change.contains("slower") ? "slower" : "")
                    .append("\">").append(e(change)).append("</td></tr>");
        }
        h.append("<tr><td>Score</td>");
        p.scores().forEach(s -> h.append("<td class=\"num\">").append(MarkdownReport.number(s)).append("</td>"));
        return h.append("<td></td></tr></table>").append(p.trendSvg()).toString();
    }

    private static String postmortem(Postmortem p) {
        StringBuilder h = new StringBuilder("<div class=\"postmortem\"><h3>").append(e(p.title())).append("</h3>");
        String[][] sections = {{"Summary", p.summary()}, {"Impact", p.impact()}, {"Trigger", p.trigger()},
                {"Detection", p.detection()}, {"Response", p.response()}, {"Recovery", p.recovery()}, {"Timeline", p.timeline()},
                {"What went well", p.wentWell()}, {"What went wrong", p.wentWrong()}, {"Where we got lucky", p.gotLucky()}};
        for (String[] section : sections) {
            h.append("<h4>").append(section[0]).append("</h4>").append(text(section[1]));
        }
        h.append("<h4>Action items</h4>");
        if (p.actionItems().isEmpty()) {
            h.append("<p class=\"muted\">(none yet)</p>");
        } else {
            h.append("<table><tr><th>type</th><th>what</th><th>owner</th><th>due</th></tr>");
            for (Postmortem.ActionItem item : p.actionItems()) {
                h.append("<tr><td>").append(e(item.type().isEmpty() ? "(choose)" : item.type())).append("</td><td>").append(e(item.text()))
                        .append("</td><td>").append(e(item.owner())).append("</td><td>").append(e(item.due() == null ? "" : item.due()))
                        .append("</td></tr>");
            }
            h.append("</table>");
        }
        h.append("<h4>Runbook gaps found</h4>").append(text(p.runbookGaps()));
        return h.append("</div>").toString();
    }

    /** Plain text with "- " lists, as the postmortem's sections are written. */
    private static String text(String text) {
        if (text == null || text.isBlank()) {
            return "<p class=\"muted\">(to fill in)</p>";
        }
        StringBuilder h = new StringBuilder();
        boolean inList = false;
        for (String line : text.strip().split("\n")) {
            boolean item = line.startsWith("- ");
            if (item && !inList) {
                h.append("<ul>");
            } else if (!item && inList) {
                h.append("</ul>");
            }
            inList = item;
            h.append(item ? "<li>" + e(line.substring(2)) + "</li>" : "<p>" + e(line) + "</p>");
        }
        return h.append(inList ? "</ul>" : "").toString();
    }

    private static String e(String text) {
        return text == null ? "" : text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
