package dev.kunren.engine.debrief;

import dev.kunren.engine.postmortem.Postmortem;
import dev.kunren.engine.report.Charts;
import dev.kunren.engine.report.DrillReport;
import dev.kunren.engine.report.MarkdownReport;
import dev.kunren.engine.report.Progress;
import dev.kunren.engine.report.Stage;
import dev.kunren.engine.report.Words;
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
        Words w = Words.of(first.language());
        StringBuilder h = new StringBuilder("<!doctype html>\n<html lang=\"").append(w.language()).append("\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>")
                .append(e(w.t("html.title", first.title()))).append("</title><style>").append(STYLE).append("</style></head><body>\n");
        h.append("<header><h1>").append(e(w.t("html.title", first.title()))).append("</h1><p>")
                .append(e(w.t("html.subtitle", first.drillId(), first.scenario(), MarkdownReport.startedAt(first.startedAt()),
                        MarkdownReport.number(first.speed()), w.duration(first.duration()), w.t("end." + first.endReason().replace('_', '-')))))
                .append("</p>").append(pauses(first, w)).append("</header>\n");
        if (debrief.reports().size() > 1) {
            h.append(teamsTable(debrief.reports(), w));
        }
        for (DrillReport report : debrief.reports()) {
            h.append(team(report, debrief.progress().get(report.team()), debrief.postmortems().get(report.team()), w));
        }
        return h.append("</body></html>\n").toString();
    }

    private static String pauses(DrillReport report, Words w) {
        if (report.pauses().isEmpty()) {
            return "";
        }
        String each = report.pauses().stream().map(p -> p.realLength() == null ? w.t("pause.rest", w.duration(p.at()))
                : w.t("pause.for", w.duration(p.at()), w.duration(p.realLength()))).collect(java.util.stream.Collectors.joining(w.t("list.separator")));
        return "<p class=\"pauses\">" + e(w.t(report.pauses().size() == 1 ? "md.pausedOnce" : "md.paused", report.pauses().size(), each)) + "</p>";
    }

    private static String teamsTable(List<DrillReport> reports, Words w) {
        StringBuilder h = new StringBuilder("<section class=\"teams\"><h2>").append(e(w.t("h.teams"))).append("</h2><table><tr><th>")
                .append(e(w.t("col.stage"))).append("</th>");
        reports.forEach(r -> h.append("<th>").append(e(r.team())).append("</th>"));
        h.append("</tr>");
        for (Stage stage : reports.getFirst().stages()) {
            h.append("<tr><td>").append(e(stage.label())).append("</td>");
            for (DrillReport report : reports) {
                h.append("<td class=\"num\">").append(report.stages().stream().filter(s -> s.key().equals(stage.key()))
                        .findFirst().filter(Stage::reached).map(s -> w.duration(s.took())).orElse("—")).append("</td>");
            }
            h.append("</tr>");
        }
        h.append("<tr><td>").append(e(w.t("row.score"))).append("</td>");
        reports.forEach(r -> h.append("<td class=\"num\">").append(MarkdownReport.number(r.totals().score())).append("</td>"));
        return h.append("</tr></table></section>\n").toString();
    }

    private static String team(DrillReport r, Progress progress, Postmortem postmortem, Words w) {
        StringBuilder h = new StringBuilder("<section class=\"team\" data-team=\"").append(e(r.team())).append("\"><h2>")
                .append(e(r.team().isEmpty() ? w.t("html.report") : w.t("html.team", r.team()))).append("</h2>");
        var t = r.totals();
        h.append("<p class=\"score\">").append(e(w.t("html.score"))).append(" <strong>").append(MarkdownReport.number(t.score()))
                .append("</strong> = ").append(e(w.t("html.scoreParts", MarkdownReport.number(t.servicePoints()),
                        MarkdownReport.number(t.expectationPoints()))));
        if (!r.tabletop()) {
            h.append(" · ").append(e(w.t("html.requests", t.failed(), t.requests(), MarkdownReport.number(t.availabilityPercent()),
                    MarkdownReport.percent(t.errorBudgetConsumedPercent(), w))));
        }
        h.append("</p>");
        h.append("<h3>").append(e(w.t("h.stages"))).append("</h3><table class=\"stages\"><tr>")
                .append(headers(w, "col.stage", "col.took", "col.from", "col.reachedAt", "col.how")).append("</tr>");
        for (Stage s : r.stages()) {
            h.append("<tr data-stage=\"").append(s.key()).append("\"><td>").append(e(s.label())).append("</td><td class=\"num\">")
                    .append(s.reached() ? w.duration(s.took()) : "<span class=\"bad\">—</span>").append("</td><td>").append(e(s.from()))
                    .append("</td><td class=\"num\">").append(s.at() == null ? "—" : w.duration(s.at()))
                    .append("</td><td>").append(e(s.note())).append("</td></tr>");
        }
        h.append("</table>");
        h.append("<h3>").append(e(w.t("html.serviceChart"))).append("</h3>").append(Charts.service(r));
        h.append("<h3>").append(e(w.t("html.scoreChart"))).append("</h3>").append(Charts.score(r));
        if (!r.expectations().isEmpty()) {
            long met = r.expectations().stream().filter(DrillReport.ExpectationReport::met).count();
            h.append("<h3>").append(e(w.t("h.expectations") + ": " + w.t("md.met", met, r.expectations().size()))).append("</h3><table><tr>")
                    .append(headers(w, "col.expectation", "col.result", "col.deadline", "col.done", "col.points", "col.detail")).append("</tr>");
            for (DrillReport.ExpectationReport x : r.expectations()) {
                h.append("<tr><td>").append(e(x.id())).append("</td><td class=\"").append(x.met() ? "met" : "missed").append("\">")
                        .append(e(w.t(x.met() ? "result.met" : "result.missed")))
                        .append("</td><td class=\"num\">").append(x.deadline() == null ? "" : w.duration(x.deadline()))
                        .append("</td><td class=\"num\">").append(x.doneAt() == null ? "" : w.duration(x.doneAt()))
                        .append("</td><td class=\"num\">").append(MarkdownReport.number(x.points())).append("</td><td>")
                        .append(e(x.detail())).append("</td></tr>");
            }
            h.append("</table>");
        }
        if (!r.faults().isEmpty()) {
            h.append("<h3>").append(e(w.t("h.faults"))).append("</h3><table><tr>").append(headers(w, "col.fault", "col.injected",
                    "col.ended", "col.ttd", "col.ttm", "col.ttf", "col.failedRequests", "col.budgetShort")).append("</tr>");
            for (DrillReport.FaultReport f : r.faults()) {
                h.append("<tr><td>").append(e(f.id() + " (" + f.type() + (f.target().isEmpty() ? "" : " → " + f.target()) + ")"))
                        .append("</td><td class=\"num\">").append(w.duration(f.injectedAt())).append("</td><td>")
                        .append(f.revertedAt() == null ? e(w.t("fault.never"))
                                : w.duration(f.revertedAt()) + " (" + e(w.t("revert." + f.revertReason().replace('_', '-'))) + ")")
                        .append("</td><td class=\"num\">").append(e(f.timeToDetect() == null ? w.t("fault.notDetected") : w.duration(f.timeToDetect())))
                        .append("</td><td class=\"num\">").append(e(!f.customerImpact() ? w.t("note.noImpact")
                                : f.timeToMitigate() == null ? w.t("fault.notMitigated") : w.duration(f.timeToMitigate())))
                        .append("</td><td class=\"num\">").append(e(f.timeToFix() == null ? w.t("fault.notFixed") : w.duration(f.timeToFix())))
                        .append("</td><td class=\"num\">").append(f.requestsFailed())
                        .append("</td><td class=\"num\">").append(e(MarkdownReport.percent(f.errorBudgetConsumedPercent(), w)))
                        .append("</td></tr>");
            }
            h.append("</table>");
        }
        if (!r.failovers().isEmpty()) {
            h.append("<h3>").append(e(w.t("h.failovers"))).append("</h3><table><tr>").append(headers(w, "col.at", "col.fromTo"))
                    .append("<th>RTO</th><th>RPO</th>").append(headers(w, "col.lostWrites")).append("</tr>");
            for (DrillReport.FailoverReport f : r.failovers()) {
                h.append("<tr><td class=\"num\">").append(w.duration(f.at())).append("</td><td>").append(e(f.from() + " → " + f.to()))
                        .append(f.automatic() ? " (" + e(w.t("failover.automatic")) + ")" : "").append("</td><td class=\"num\">")
                        .append(f.rto() == null ? e(w.t("na")) : w.duration(f.rto())).append("</td><td class=\"num\">").append(f.rpo().toMillis())
                        .append(" ms</td><td class=\"num\">").append(f.lostWrites()).append(" (").append(f.lostOrders()).append(")</td></tr>");
            }
            h.append("</table>");
        }
        h.append(alerts(r, w));
        if (progress != null && progress.drills().size() > 1) {
            h.append(progress(progress, w));
        }
        h.append(evaluation(r.evaluation(), w));
        h.append("<h3>").append(e(w.t("h.timeline"))).append("</h3><p class=\"muted\">").append(e(w.t("html.revealedNote")))
                .append("</p><ol class=\"timeline\">");
        for (DrillReport.TimelineEntry entry : r.timeline()) {
            h.append("<li").append(entry.revealed() ? " class=\"revealed\"" : "").append("><code>").append(w.duration(entry.at()))
                    .append("</code> ").append(e(entry.text())).append("</li>");
        }
        h.append("</ol>");
        if (postmortem != null) {
            h.append(postmortem(postmortem, w));
        }
        return h.append("</section>\n").toString();
    }

    /** The alerts that fired, and how many notifications went out, as report.md says them. */
    private static String alerts(DrillReport r, Words w) {
        StringBuilder h = new StringBuilder("<h3>").append(e(w.t("h.alerts"))).append("</h3>");
        if (r.alerts().isEmpty()) {
            h.append("<p class=\"muted\">").append(e(w.t("md.noAlert"))).append("</p>");
        } else {
            h.append("<table class=\"alerts\"><tr>").append(headers(w, "col.rule", "col.severity", "col.firstFired", "col.timesFired"))
                    .append("</tr>");
            for (DrillReport.AlertReport alert : r.alerts()) {
                h.append("<tr><td>").append(e(alert.rule())).append("</td><td>").append(e(alert.severity())).append("</td><td class=\"num\">")
                        .append(w.duration(alert.firstFiringAt())).append("</td><td class=\"num\">").append(alert.timesFired()).append("</td></tr>");
            }
            h.append("</table>");
        }
        return h.append("<p>").append(e(w.t("md.notifications", r.notifications().sent(), r.notifications().failed()))).append("</p>")
                .toString();
    }

    /** Observers' rubric scores and notes, when there were observers. */
    private static String evaluation(dev.kunren.engine.report.Evaluation evaluation, Words w) {
        if (evaluation.empty()) {
            return "";
        }
        StringBuilder h = new StringBuilder("<h3>").append(e(w.t("md.evaluation"))).append("</h3>");
        if (!evaluation.rubric().isEmpty()) {
            h.append("<table class=\"rubric\"><tr>").append(headers(w, "md.evaluation.criterion", "md.evaluation.scores",
                    "md.evaluation.average")).append("</tr>");
            for (var c : evaluation.rubric()) {
                h.append("<tr data-criterion=\"").append(e(c.id())).append("\"><td>").append(e(c.text())).append("</td><td>");
                if (c.scores().isEmpty()) {
                    h.append(e(w.t("md.evaluation.none")));
                }
                c.scores().forEach((by, score) -> h.append(e(by + " " + score + "/3"
                        + (c.comments().containsKey(by) ? " (" + c.comments().get(by) + ")" : ""))).append("<br>"));
                h.append("</td><td class=\"num\">").append(c.average() == null ? "—" : MarkdownReport.number(c.average()) + "/3")
                        .append("</td></tr>");
            }
            h.append("</table>");
        }
        if (!evaluation.notes().isEmpty()) {
            h.append("<h4>").append(e(w.t("md.evaluation.notes"))).append("</h4><ul class=\"evaluation-notes\">");
            for (var note : evaluation.notes()) {
                h.append("<li><code>").append(w.duration(note.at())).append("</code> ").append(e(note.by() + ": " + note.text())).append("</li>");
            }
            h.append("</ul>");
        }
        return h.toString();
    }

    private static String headers(Words w, String... keys) {
        StringBuilder h = new StringBuilder();
        for (String key : keys) {
            h.append("<th>").append(e(w.t(key))).append("</th>");
        }
        return h.toString();
    }

    private static String progress(Progress p, Words w) {
        StringBuilder h = new StringBuilder("<h3>").append(e(w.t("h.progress"))).append("</h3><p class=\"muted\">")
                .append(e(w.t("md.progressNote", p.team(), p.scenario()))).append("</p><table class=\"progress\"><tr>")
                .append(headers(w, "col.stage"));
        for (int i = 0; i < p.drills().size(); i++) {
            h.append("<th title=\"").append(e(p.drills().get(i))).append("\">#").append(i + 1).append("</th>");
        }
        h.append(headers(w, "col.change")).append("</tr>");
        for (Progress.Row row : p.rows()) {
            h.append("<tr><td>").append(e(row.label())).append("</td>");
            row.values().forEach(v -> h.append("<td class=\"num\">").append(v == null ? "—" : w.duration(v)).append("</td>"));
            String trend = row.change() == null || row.change().isZero() ? "" : row.change().isNegative() ? "faster" : "slower";
            h.append("<td class=\"num ").append(trend).append("\">").append(e(DebriefMarkdown.change(row.change(), w))).append("</td></tr>");
        }
        h.append("<tr><td>").append(e(w.t("row.score"))).append("</td>");
        p.scores().forEach(s -> h.append("<td class=\"num\">").append(MarkdownReport.number(s)).append("</td>"));
        return h.append("<td></td></tr></table>").append(p.trendSvg()).toString();
    }

    private static String postmortem(Postmortem p, Words w) {
        StringBuilder h = new StringBuilder("<div class=\"postmortem\"><h3>").append(e(p.title())).append("</h3>");
        String[] texts = {p.summary(), p.impact(), p.trigger(), p.detection(), p.response(), p.recovery(), p.timeline(),
                p.wentWell(), p.wentWrong(), p.gotLucky()};
        for (int i = 0; i < texts.length; i++) {
            h.append("<h4>").append(e(w.t("pm." + Postmortem.SECTIONS.get(i)))).append("</h4>").append(text(texts[i], w));
        }
        h.append("<h4>").append(e(w.t("pm.actionItems"))).append("</h4>");
        if (p.actionItems().isEmpty()) {
            h.append("<p class=\"muted\">").append(e(w.t("pm.noneYet"))).append("</p>");
        } else {
            h.append("<table><tr>").append(headers(w, "col.type", "col.what", "col.owner", "col.due")).append("</tr>");
            for (Postmortem.ActionItem item : p.actionItems()) {
                h.append("<tr><td>").append(e(item.knownType().isEmpty() ? w.t("pm.choose") : w.t("action." + item.knownType())))
                        .append("</td><td>").append(e(item.text())).append("</td><td>").append(e(item.owner())).append("</td><td>")
                        .append(e(item.due() == null ? "" : item.due())).append("</td></tr>");
            }
            h.append("</table>");
        }
        h.append("<h4>").append(e(w.t("pm.runbookGaps"))).append("</h4>").append(text(p.runbookGaps(), w));
        return h.append("</div>").toString();
    }

    /** Plain text with "- " lists, as the postmortem's sections are written. */
    private static String text(String text, Words w) {
        if (text == null || text.isBlank()) {
            return "<p class=\"muted\">" + e(w.t("pm.toFillIn")) + "</p>";
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
            h.append(item ? "<li>" + inline(line.substring(2)) + "</li>" : "<p>" + inline(line) + "</p>");
        }
        return h.append(inList ? "</ul>" : "").toString();
    }

    /** A line escaped, with Markdown's emphasis ({@code **strong**}, {@code *emphasis*}) shown as such rather than as asterisks. */
    static String inline(String line) {
        return e(line).replaceAll("\\*\\*([^*\n]+)\\*\\*", "<strong>$1</strong>").replaceAll("\\*([^*\n]+)\\*", "<em>$1</em>");
    }

    private static String e(String text) {
        return text == null ? "" : text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
