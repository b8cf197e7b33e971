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

    public static String render(DrillReport report) {
        StringBuilder md = new StringBuilder();
        md.append("# Drill report: ").append(report.title()).append("\n\n");
        md.append("- Drill: `").append(report.drillId()).append("` (scenario `").append(report.scenario()).append("`)\n");
        md.append("- Started: ").append(report.startedAt()).append(", speed ").append(number(report.speed()))
                .append("×, seed ").append(report.seed()).append('\n');
        md.append("- Ran for ").append(format(report.duration())).append(" of drill time (planned ")
                .append(format(report.plannedDuration())).append("); ended: ").append(report.endReason()).append("\n");
        md.append("- Objectives: availability ≥ ").append(number(report.objectives().availabilityPercent()))
                .append("%, p99 latency ≤ ").append(format(report.objectives().latencyP99()))
                .append(", judged per ").append(format(report.objectives().window())).append(" window\n\n");

        var totals = report.totals();
        md.append("## Result\n\n");
        md.append("| score | requests | failed | availability | error budget used | windows outside objective |\n");
        md.append("|---:|---:|---:|---:|---:|---:|\n");
        md.append("| ").append(number(totals.score())).append(" | ").append(totals.requests()).append(" | ")
                .append(totals.failed()).append(" | ").append(number(totals.availabilityPercent())).append("% | ")
                .append(percent(totals.errorBudgetConsumedPercent())).append(" | ")
                .append(totals.windowsOutsideObjective()).append(" of ").append(totals.windows()).append(" |\n\n");

        if (totals.requestsNotSent() > 0) {
            md.append("> **Warning:** this machine fell behind and skipped ").append(totals.requestsNotSent())
                    .append(" customer requests; run the drill at a lower `--speed` for trustworthy numbers.\n\n");
        }
        md.append("## Faults\n\n");
        if (report.faults().isEmpty()) {
            md.append("No fault was injected.\n\n");
        } else {
            md.append("| fault | target | injected | reverted | time to detect | time to mitigate | failed requests | budget used |\n");
            md.append("|---|---|---:|---:|---:|---:|---:|---:|\n");
            for (FaultReport fault : report.faults()) {
                md.append("| ").append(fault.id()).append(" (").append(fault.type()).append(describeParams(fault)).append(") | ")
                        .append(fault.target().isEmpty() ? "shop" : fault.target()).append(" | ")
                        .append(format(fault.injectedAt())).append(" | ")
                        .append(fault.revertedAt() == null ? "never" : format(fault.revertedAt()) + " (" + fault.revertReason().replace('_', ' ') + ")")
                        .append(" | ").append(fault.timeToDetect() == null ? "not detected" : format(fault.timeToDetect()) + " by " + fault.detectedBy())
                        .append(" | ").append(mitigation(fault))
                        .append(" | ").append(fault.requestsFailed()).append(" | ").append(percent(fault.errorBudgetConsumedPercent()))
                        .append(" |\n");
            }
            md.append("\nTime to detect runs from the fault's start to the first firing of a related alert. "
                    + "Time to mitigate runs from the fault's start to the end of the last SLI window outside objective.\n\n");
        }

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
                .append(report.notifications().failed()).append(" failed.\n");
        return md.toString();
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

    static String number(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.format(Locale.ROOT, "%.2f", value);
    }

}
