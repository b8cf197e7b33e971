package dev.kunren.engine.report;

import static dev.kunren.engine.clock.DurationText.format;

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
        StringBuilder md = new StringBuilder();
        md.append("# Drill report: ").append(report.title()).append("\n\n");
        md.append("- Drill: `").append(report.drillId()).append("` (scenario `").append(report.scenario()).append("`)")
                .append(report.team().isEmpty() ? "" : ", team **" + report.team() + "**").append('\n');
        md.append("- Started: ").append(report.startedAt()).append(", speed ").append(number(report.speed()))
                .append("×, seed ").append(report.seed()).append('\n');
        md.append("- Ran for ").append(format(report.duration())).append(" of drill time (planned ")
                .append(format(report.plannedDuration())).append("); ended: ").append(report.endReason()).append("\n");
        md.append("- Objectives: availability ≥ ").append(number(report.objectives().availabilityPercent()))
                .append("%, p99 latency ≤ ").append(format(report.objectives().latencyP99()))
                .append(", judged per ").append(format(report.objectives().window())).append(" window\n");

        if (!report.pauses().isEmpty()) {
            md.append("- Paused ").append(report.pauses().size()).append(report.pauses().size() == 1 ? " time" : " times").append(": ")
                    .append(report.pauses().stream().map(p -> "at " + format(p.at()) + " for "
                            + (p.realLength() == null ? "the rest of the drill" : format(p.realLength()) + " of real time"))
                            .collect(Collectors.joining(", ")))
                    .append(". Drill time stood still meanwhile, so no time below counts a pause.\n");
        }
        md.append('\n');
        if (!report.stages().isEmpty()) {
            md.append("## Stages\n\n| stage | took | measured from | reached at | how |\n|---|---:|---|---:|---|\n");
            for (Stage stage : report.stages()) {
                md.append("| ").append(stage.label()).append(" | ").append(stage.reached() ? format(stage.took()) : "—")
                        .append(" | ").append(stage.from()).append(" | ").append(stage.at() == null ? "—" : format(stage.at()))
                        .append(" | ").append(cell(stage.note())).append(" |\n");
            }
            md.append('\n');
        }

        var totals = report.totals();
        md.append("## Result\n\n");
        md.append("| score | requests | failed | availability | error budget used | windows outside objective |\n");
        md.append("|---:|---:|---:|---:|---:|---:|\n");
        md.append("| ").append(number(totals.score())).append(" | ").append(totals.requests()).append(" | ")
                .append(totals.failed()).append(" | ").append(number(totals.availabilityPercent())).append("% | ")
                .append(percent(totals.errorBudgetConsumedPercent())).append(" | ")
                .append(totals.windowsOutsideObjective()).append(" of ").append(totals.windows()).append(" |\n\n");

        md.append("Score: ").append(number(totals.servicePoints())).append(" for the service (SLI windows) + ")
                .append(number(totals.expectationPoints())).append(" for expectations (met, less the penalties of those missed).\n\n");
        if (totals.requestsNotSent() > 0) {
            md.append("> **Warning:** this machine fell behind and skipped ").append(totals.requestsNotSent())
                    .append(" customer requests; run the drill at a lower `--speed` for trustworthy numbers.\n\n");
        }
        if (!report.expectations().isEmpty()) {
            long met = report.expectations().stream().filter(DrillReport.ExpectationReport::met).count();
            md.append("## Expectations\n\n").append(met).append(" of ").append(report.expectations().size()).append(" met.\n\n");
            md.append("| expectation | result | clock started | deadline | done | points | detail |\n|---|---|---:|---:|---:|---:|---|\n");
            for (DrillReport.ExpectationReport e : report.expectations()) {
                md.append("| ").append(e.id()).append(" | ").append(e.met() ? "met" : "**missed**").append(" | ")
                        .append(e.startedAt() == null ? "" : format(e.startedAt())).append(" | ")
                        .append(e.deadline() == null ? "" : format(e.deadline())).append(" | ")
                        .append(e.doneAt() == null ? "" : format(e.doneAt())).append(" | ").append(number(e.points()))
                        .append(" | ").append(cell(e.detail())).append(" |\n");
            }
            md.append('\n');
        }
        md.append("## Faults\n\n");
        if (report.faults().isEmpty()) {
            md.append("No fault was injected.\n\n");
        } else {
            md.append("| fault | target | injected | ended | time to detect | time to mitigate | time to fix | failed requests | budget used |\n");
            md.append("|---|---|---:|---:|---:|---:|---:|---:|---:|\n");
            for (FaultReport fault : report.faults()) {
                md.append("| ").append(fault.id()).append(" (").append(fault.type()).append(describeParams(fault)).append(") | ")
                        .append(fault.target().isEmpty() ? "shop" : fault.target()).append(" | ")
                        .append(format(fault.injectedAt())).append(" | ")
                        .append(fault.revertedAt() == null ? "never" : format(fault.revertedAt()) + " (" + fault.revertReason().replace('_', ' ') + ")")
                        .append(" | ").append(fault.timeToDetect() == null ? "not detected" : format(fault.timeToDetect()) + " by " + fault.detectedBy())
                        .append(" | ").append(mitigation(fault))
                        .append(" | ").append(fault.timeToFix() == null ? "not fixed" : format(fault.timeToFix()))
                        .append(" | ").append(fault.requestsFailed()).append(" | ").append(percent(fault.errorBudgetConsumedPercent()))
                        .append(" |\n");
            }
            md.append("\nTime to detect runs from the fault's start to the first firing of a related alert. "
                    + "Time to mitigate runs from the fault's start to the end of the last SLI window outside objective. "
                    + "Time to fix runs from the fault's start until the team removed its cause through the console.\n\n");
        }
        if (!report.failovers().isEmpty()) {
            md.append("## Database failovers\n\n| at | from → to | how | RTO | RPO | lost writes (orders) |\n|---:|---|---|---:|---:|---:|\n");
            for (DrillReport.FailoverReport f : report.failovers()) {
                md.append("| ").append(format(f.at())).append(" | ").append(f.from()).append(" → ").append(f.to()).append(" | ")
                        .append(f.automatic() ? "automatic" : "by hand").append(" | ")
                        .append(f.rto() == null ? "n/a" : format(f.rto())).append(" | ")
                        .append(f.rpo().toMillis()).append(" ms | ").append(f.lostWrites()).append(" (").append(f.lostOrders())
                        .append(") |\n");
            }
            md.append("\nRTO runs from the primary's failure to the failover; RPO is the newest data lost with the old primary.\n\n");
        }
        md.append("Console operations by the team: ").append(report.teamOperations()).append(".\n\n");

        md.append("## Alerts\n\n");
        if (report.alerts().isEmpty()) {
            md.append("No alert fired.\n\n");
        } else {
            md.append("| rule | severity | first fired | times fired |\n|---|---|---:|---:|\n");
            for (AlertReport alert : report.alerts()) {
                md.append("| ").append(alert.rule()).append(" | ").append(alert.severity()).append(" | ")
                        .append(format(alert.firstFiringAt())).append(" | ").append(alert.timesFired()).append(" |\n");
            }
            md.append('\n');
        }
        md.append("Notifications: ").append(report.notifications().sent()).append(" delivered, ")
                .append(report.notifications().failed()).append(" failed.\n\n");
        md.append("## Timeline\n\nEvents the team could not see during the drill (what was injected) are marked *revealed*.\n\n");
        for (DrillReport.TimelineEntry entry : report.timeline()) {
            md.append("- ").append(format(entry.at())).append(' ').append(entry.text().replace("\n", " "))
                    .append(entry.revealed() ? " *(revealed)*" : "").append('\n');
        }
        return md.toString();
    }

    /** Text safe inside a Markdown table cell. */
    static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }

    private static String mitigation(FaultReport fault) {
        if (!fault.customerImpact()) {
            return "no customer impact";
        }
        return fault.timeToMitigate() == null ? "not mitigated" : format(fault.timeToMitigate());
    }

    private static String describeParams(FaultReport fault) {
        if (fault.params().isEmpty()) {
            return "";
        }
        return " " + fault.params().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(", "));
    }

    private static String percent(Double value) {
        return value == null ? "n/a" : number(value) + "%";
    }

    public static String number(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.format(Locale.ROOT, "%.2f", value);
    }

}
