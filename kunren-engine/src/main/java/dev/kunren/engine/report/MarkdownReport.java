package dev.kunren.engine.report;

import dev.kunren.engine.report.DrillReport.AlertReport;
import dev.kunren.engine.report.DrillReport.FaultReport;
import java.util.Locale;
import java.util.stream.Collectors;

/** The report as people read it: a Markdown page with the stage times up front. */
public final class MarkdownReport {

    private MarkdownReport() {
    }

    /** Several teams' reports of one drill, one after the other. */
    public static String render(java.util.List<DrillReport> reports) {
        return reports.stream().map(MarkdownReport::render).collect(Collectors.joining("\n---\n\n"));
    }

    public static String render(DrillReport report) {
        Words w = Words.of(report.language());
        StringBuilder md = new StringBuilder();
        md.append("# ").append(w.t("md.title", MarkdownText.plain(report.title()))).append("\n\n");
        md.append("- ").append(w.t("md.drill", report.drillId(), report.scenario()))
                .append(report.team().isEmpty() ? "" : w.t("md.team", report.team())).append('\n');
        md.append("- ").append(w.t("md.started", startedAt(report.startedAt()), number(report.speed()), report.seed())).append('\n');
        md.append("- ").append(w.t("md.ran", w.duration(report.duration()), w.duration(report.plannedDuration()),
                w.t("end." + report.endReason().replace('_', '-')))).append('\n');
        if (!report.tabletop()) {
            md.append("- ").append(w.t("md.objectives", number(report.objectives().availabilityPercent()),
                    w.duration(report.objectives().latencyP99()), w.duration(report.objectives().window()))).append('\n');
        }
        if (!report.pauses().isEmpty()) {
            md.append("- ").append(w.t(report.pauses().size() == 1 ? "md.pausedOnce" : "md.paused", report.pauses().size(), report.pauses().stream()
                    .map(p -> p.realLength() == null ? w.t("pause.rest", w.duration(p.at()))
                            : w.t("pause.for", w.duration(p.at()), w.duration(p.realLength())))
                    .collect(Collectors.joining(w.t("list.separator"))))).append('\n');
        }
        md.append('\n');
        if (!report.stages().isEmpty()) {
            md.append("## ").append(w.t("h.stages")).append("\n\n| ").append(w.t("col.stage")).append(" | ").append(w.t("col.took"))
                    .append(" | ").append(w.t("col.from")).append(" | ").append(w.t("col.reachedAt")).append(" | ").append(w.t("col.how"))
                    .append(" |\n|---|---:|---|---:|---|\n");
            for (Stage stage : report.stages()) {
                md.append("| ").append(stage.label()).append(" | ").append(stage.reached() ? w.duration(stage.took()) : "—")
                        .append(" | ").append(stage.from()).append(" | ").append(stage.at() == null ? "—" : w.duration(stage.at()))
                        .append(" | ").append(cell(stage.note())).append(" |\n");
            }
            md.append('\n');
        }

        var totals = report.totals();
        md.append("## ").append(w.t("h.result")).append("\n\n");
        if (!report.tabletop()) {
            md.append("| ").append(String.join(" | ", w.t("col.score"), w.t("col.requests"), w.t("col.failed"), w.t("col.availability"),
                    w.t("col.budget"), w.t("col.windowsOutside"))).append(" |\n");
            md.append("|---:|---:|---:|---:|---:|---:|\n");
            md.append("| ").append(number(totals.score())).append(" | ").append(totals.requests()).append(" | ")
                    .append(totals.failed()).append(" | ").append(number(totals.availabilityPercent())).append("% | ")
                    .append(percent(totals.errorBudgetConsumedPercent(), w)).append(" | ")
                    .append(w.t("of", totals.windowsOutsideObjective(), totals.windows())).append(" |\n\n");
        }
        md.append(w.t("md.score", number(totals.score()), number(totals.servicePoints()), number(totals.expectationPoints())))
                .append("\n\n");
        if (totals.requestsNotSent() > 0) {
            md.append("> ").append(w.t("md.behind", totals.requestsNotSent())).append("\n\n");
        }
        if (!report.expectations().isEmpty()) {
            long met = report.expectations().stream().filter(DrillReport.ExpectationReport::met).count();
            md.append("## ").append(w.t("h.expectations")).append("\n\n").append(w.t("md.met", met, report.expectations().size()))
                    .append("\n\n| ").append(String.join(" | ", w.t("col.expectation"), w.t("col.result"), w.t("col.clockStarted"),
                            w.t("col.deadline"), w.t("col.done"), w.t("col.points"), w.t("col.detail")))
                    .append(" |\n|---|---|---:|---:|---:|---:|---|\n");
            for (DrillReport.ExpectationReport e : report.expectations()) {
                md.append("| ").append(e.id()).append(" | ").append(e.met() ? w.t("result.met") : "**" + w.t("result.missed") + "**")
                        .append(" | ").append(e.startedAt() == null ? "" : w.duration(e.startedAt())).append(" | ")
                        .append(e.deadline() == null ? "" : w.duration(e.deadline())).append(" | ")
                        .append(e.doneAt() == null ? "" : w.duration(e.doneAt())).append(" | ").append(number(e.points()))
                        .append(" | ").append(cell(e.detail())).append(" |\n");
            }
            md.append('\n');
        }
        if (!report.tabletop()) {
            system(md, report, w);
        }
        md.append("## ").append(w.t("h.timeline")).append("\n\n").append(w.t("md.revealedNote")).append("\n\n");
        for (DrillReport.TimelineEntry entry : report.timeline()) {
            md.append("- ").append(w.duration(entry.at())).append(' ').append(MarkdownText.plain(entry.text()))
                    .append(entry.revealed() ? " *(" + w.t("md.revealed") + ")*" : "").append('\n');
        }
        return md.toString();
    }

    /** Faults, failovers, operations, alerts: what a drill with a practice system adds. */
    private static void system(StringBuilder md, DrillReport report, Words w) {
        md.append("## ").append(w.t("h.faults")).append("\n\n");
        if (report.faults().isEmpty()) {
            md.append(w.t("md.noFault")).append("\n\n");
        } else {
            md.append("| ").append(String.join(" | ", w.t("col.fault"), w.t("col.target"), w.t("col.injected"), w.t("col.ended"),
                    w.t("col.ttd"), w.t("col.ttm"), w.t("col.ttf"), w.t("col.failedRequests"), w.t("col.budgetShort"))).append(" |\n");
            md.append("|---|---|---:|---:|---:|---:|---:|---:|---:|\n");
            for (FaultReport fault : report.faults()) {
                md.append("| ").append(fault.id()).append(" (").append(fault.type()).append(describeParams(fault)).append(") | ")
                        .append(fault.target().isEmpty() ? w.t("md.shop") : fault.target()).append(" | ")
                        .append(w.duration(fault.injectedAt())).append(" | ")
                        .append(fault.revertedAt() == null ? w.t("fault.never")
                                : w.duration(fault.revertedAt()) + " (" + w.t("revert." + fault.revertReason().replace('_', '-')) + ")")
                        .append(" | ").append(fault.timeToDetect() == null ? w.t("fault.notDetected")
                                : fault.detectedVia() == null ? w.t("fault.detectedBy", w.duration(fault.timeToDetect()), cell(fault.detectedBy()))
                                : w.t("fault.detectedByOwn", w.duration(fault.timeToDetect()), cell(fault.detectedBy()), fault.detectedVia()))
                        .append(" | ").append(mitigation(fault, w))
                        .append(" | ").append(fault.timeToFix() == null ? w.t("fault.notFixed") : w.duration(fault.timeToFix()))
                        .append(" | ").append(fault.requestsFailed()).append(" | ").append(percent(fault.errorBudgetConsumedPercent(), w))
                        .append(" |\n");
            }
            md.append('\n').append(w.t("md.faultTimes")).append("\n\n");
        }
        if (!report.failovers().isEmpty()) {
            md.append("## ").append(w.t("h.failovers")).append("\n\n| ").append(String.join(" | ", w.t("col.at"), w.t("col.fromTo"),
                    w.t("col.how"), "RTO", "RPO", w.t("col.lostWrites"))).append(" |\n|---:|---|---|---:|---:|---:|\n");
            for (DrillReport.FailoverReport f : report.failovers()) {
                md.append("| ").append(w.duration(f.at())).append(" | ").append(f.from()).append(" → ").append(f.to()).append(" | ")
                        .append(w.t(f.automatic() ? "failover.automatic" : "failover.byHand")).append(" | ")
                        .append(f.rto() == null ? w.t("na") : w.duration(f.rto())).append(" | ")
                        .append(f.rpo().toMillis()).append(" ms | ").append(f.lostWrites()).append(" (").append(f.lostOrders())
                        .append(") |\n");
            }
            md.append('\n').append(w.t("md.rtoRpo")).append("\n\n");
        }
        md.append(w.t("md.operations", report.teamOperations())).append("\n\n");

        md.append("## ").append(w.t("h.alerts")).append("\n\n");
        if (report.alerts().isEmpty()) {
            md.append(w.t("md.noAlert")).append("\n\n");
        } else {
            md.append("| ").append(String.join(" | ", w.t("col.rule"), w.t("col.severity"), w.t("col.firstFired"), w.t("col.timesFired")))
                    .append(" |\n|---|---|---:|---:|\n");
            for (AlertReport alert : report.alerts()) {
                md.append("| ").append(cell(alert.rule())).append(" | ").append(cell(alert.severity())).append(" | ")
                        .append(w.duration(alert.firstFiringAt())).append(" | ").append(alert.timesFired()).append(" |\n");
            }
            md.append('\n');
        }
        md.append(w.t("md.notifications", report.notifications().sent(), report.notifications().failed())).append("\n\n");
        evaluation(md, report.evaluation(), w);
    }

    /** Observers' rubric scores and notes, when there were observers. */
    private static void evaluation(StringBuilder md, Evaluation evaluation, Words w) {
        if (evaluation.empty()) {
            return;
        }
        md.append("## ").append(w.t("md.evaluation")).append("\n\n");
        if (!evaluation.rubric().isEmpty()) {
            md.append("| ").append(String.join(" | ", w.t("md.evaluation.criterion"), w.t("md.evaluation.scores"),
                    w.t("md.evaluation.average"))).append(" |\n|---|---|---:|\n");
            for (Evaluation.Criterion c : evaluation.rubric()) {
                String scores = c.scores().entrySet().stream().map(e -> cell(e.getKey()) + " " + e.getValue() + "/3"
                        + (c.comments().containsKey(e.getKey()) ? " (" + cell(c.comments().get(e.getKey())) + ")" : ""))
                        .collect(Collectors.joining("; "));
                md.append("| ").append(cell(c.text())).append(" | ").append(scores.isEmpty() ? w.t("md.evaluation.none") : scores)
                        .append(" | ").append(c.average() == null ? "—" : number(c.average()) + "/3").append(" |\n");
            }
            md.append('\n');
        }
        if (!evaluation.notes().isEmpty()) {
            md.append("### ").append(w.t("md.evaluation.notes")).append("\n\n");
            for (Evaluation.Note note : evaluation.notes()) {
                md.append("- `").append(w.duration(note.at())).append("` ").append(MarkdownText.plain(note.by())).append(": ")
                        .append(MarkdownText.plain(note.text())).append('\n');
            }
            md.append('\n');
        }
    }

    /** The moment a drill started, to the second, in UTC. */
    public static String startedAt(java.time.Instant at) {
        return at == null ? "—" : java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
                .withZone(java.time.ZoneOffset.UTC).format(at);
    }

    /** Text safe inside a Markdown table cell. */
    static String cell(String text) {
        return MarkdownText.cell(text);
    }

    private static String mitigation(FaultReport fault, Words w) {
        if (!fault.customerImpact()) {
            return w.t("note.noImpact");
        }
        return fault.timeToMitigate() == null ? w.t("fault.notMitigated") : w.duration(fault.timeToMitigate());
    }

    private static String describeParams(FaultReport fault) {
        if (fault.params().isEmpty()) {
            return "";
        }
        return " " + fault.params().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(", "));
    }

    public static String percent(Double value, Words w) {
        return value == null ? w.t("na") : number(value) + "%";
    }

    public static String number(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.format(Locale.ROOT, "%.2f", value);
    }

}
