package dev.kunren.engine.postmortem;

import static dev.kunren.engine.clock.DurationText.format;

import dev.kunren.engine.report.DrillReport;
import dev.kunren.engine.report.DrillReport.ExpectationReport;
import dev.kunren.engine.report.DrillReport.FaultReport;
import dev.kunren.engine.report.Stage;
import dev.kunren.engine.timeline.EventRecord;
import dev.kunren.engine.timeline.TimelineEvent.ActionItemAdded;
import dev.kunren.engine.timeline.TimelineEvent.RoleAssigned;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The first draft of a team's postmortem, written from its report and timeline: what happened,
 * with the numbers, in the usual sections; what went well and wrong starts from the expectations
 * met and missed. The team edits it from there.
 */
public final class PostmortemDraft {

    private PostmortemDraft() {
    }

    public static Postmortem from(DrillReport report, List<EventRecord> teamRecords) {
        Map<String, Stage> stages = new LinkedHashMap<>();
        report.stages().forEach(s -> stages.put(s.key(), s));
        return new Postmortem("Postmortem: " + report.title() + (report.team().isEmpty() ? "" : " (team " + report.team() + ")"),
                summary(report, stages), impact(report), trigger(report), detection(stages), response(report, stages, teamRecords),
                recovery(report, stages), timeline(report), wentWell(report), wentWrong(report), "",
                actionItems(teamRecords), runbookGaps(report));
    }

    private static String took(Map<String, Stage> stages, String key) {
        Stage stage = stages.get(key);
        return stage == null || !stage.reached() ? "not reached (" + (stage == null ? "nothing injected" : stage.note()) + ")"
                : format(stage.took());
    }

    private static String summary(DrillReport report, Map<String, Stage> stages) {
        StringBuilder s = new StringBuilder("During drill ").append(report.drillId()).append(" (").append(report.title())
                .append("), ");
        if (report.faults().isEmpty() && !report.tabletop()) {
            return s.append("nothing was injected.").toString();
        }
        s.append(report.tabletop() ? "the team responded to an outage reported by message." : "the team's practice shop had "
                + report.faults().size() + " fault" + (report.faults().size() == 1 ? "" : "s") + ".");
        String stagesInWords = String.join("; ", phrase(stages, "time-to-detect", "detected"),
                phrase(stages, "time-to-declare", "incident declared"),
                phrase(stages, "time-to-first-public-update", "customers first told"),
                phrase(stages, "time-to-mitigate", "impact mitigated"), phrase(stages, "time-to-resolve", "resolved"));
        return s.append(' ').append(Character.toUpperCase(stagesInWords.charAt(0))).append(stagesInWords.substring(1)).append('.')
                .toString();
    }

    /** "incident declared after 2m 05s", or why it was not ("no incident declared"). */
    private static String phrase(Map<String, Stage> stages, String key, String done) {
        Stage stage = stages.get(key);
        if (stage == null) {
            return done + ": nothing to measure";
        }
        return stage.reached() ? done + " after " + format(stage.took()) : stage.note();
    }

    private static String impact(DrillReport report) {
        if (report.tabletop()) {
            return "A tabletop drill: no SLIs were measured.";
        }
        var t = report.totals();
        return t.failed() + " of " + t.requests() + " customer requests failed (availability " + t.availabilityPercent() + "%), "
                + (t.errorBudgetConsumedPercent() == null ? "no error budget to measure" : t.errorBudgetConsumedPercent()
                + "% of the drill's error budget") + "; " + t.windowsOutsideObjective() + " of " + t.windows()
                + " SLI windows of " + format(report.objectives().window()) + " were outside objective."
                + report.failovers().stream().map(f -> " A failover lost " + f.lostWrites() + " writes (RPO "
                + f.rpo().toMillis() + " ms" + (f.rto() == null ? "" : ", RTO " + format(f.rto())) + ").")
                .collect(Collectors.joining());
    }

    private static String trigger(DrillReport report) {
        List<String> lines = new ArrayList<>();
        for (FaultReport f : report.faults()) {
            lines.add("- " + format(f.injectedAt()) + " fault " + f.id() + ": " + f.type() + (f.target().isEmpty() ? "" : " on " + f.target()));
        }
        report.timeline().stream().filter(e -> e.type().equals("message-delivered"))
                .forEach(e -> lines.add("- " + format(e.at()) + " " + e.text()));
        return lines.isEmpty() ? "Nothing was injected." : String.join("\n", lines);
    }

    private static String detection(Map<String, Stage> stages) {
        return "- Time to detect: " + took(stages, "time-to-detect") + note(stages, "time-to-detect") + "\n"
                + "- Time to acknowledge: " + took(stages, "time-to-acknowledge") + note(stages, "time-to-acknowledge");
    }

    private static String note(Map<String, Stage> stages, String key) {
        Stage stage = stages.get(key);
        return stage != null && stage.reached() && !stage.note().isEmpty() ? " — " + stage.note() : "";
    }

    private static String response(DrillReport report, Map<String, Stage> stages, List<EventRecord> records) {
        List<String> roles = records.stream().filter(r -> r.event() instanceof RoleAssigned)
                .map(r -> ((RoleAssigned) r.event()).person() + " as " + ((RoleAssigned) r.event()).role() + " from "
                        + format(r.at())).toList();
        long answered = report.timeline().stream().filter(e -> e.type().equals("message-answered")).count();
        long messages = report.timeline().stream().filter(e -> e.type().equals("message-delivered")).count();
        return "- Time to declare: " + took(stages, "time-to-declare") + "\n"
                + "- Roles: " + (roles.isEmpty() ? "none taken" : String.join(", ", roles)) + "\n"
                + "- Time to the first internal update: " + took(stages, "time-to-first-internal-update") + "\n"
                + "- Time to the first public update: " + took(stages, "time-to-first-public-update")
                + "; after declaring: " + took(stages, "first-public-update-after-declaring") + "\n"
                + "- Largest gap between public updates: " + took(stages, "largest-public-update-gap") + "\n"
                + (messages == 0 ? "" : "- Messages answered: " + answered + " answers to " + messages + " messages\n")
                + "- Console operations by the team: " + report.teamOperations();
    }

    private static String recovery(DrillReport report, Map<String, Stage> stages) {
        StringBuilder s = new StringBuilder("- Time to mitigate: " + took(stages, "time-to-mitigate") + "\n"
                + "- Time to resolve, from the start: " + took(stages, "time-to-resolve") + "; from the declaration: "
                + took(stages, "resolve-after-declaring"));
        for (FaultReport f : report.faults()) {
            s.append("\n- ").append(f.id()).append(": ").append(f.timeToFix() == null ? "not fixed by the team ("
                    + (f.revertReason() == null ? "still active" : "ended: " + f.revertReason().replace('_', ' ')) + ")"
                    : "fixed after " + format(f.timeToFix()));
        }
        return s.toString();
    }

    private static String timeline(DrillReport report) {
        return report.timeline().stream().filter(e -> !e.type().equals("expectation-judged"))
                .map(e -> "- " + format(e.at()) + " " + e.text() + (e.revealed() ? " *(hidden from the team during the drill)*" : ""))
                .collect(Collectors.joining("\n"));
    }

    private static String wentWell(DrillReport report) {
        return report.expectations().stream().filter(ExpectationReport::met)
                .map(e -> "- " + e.id() + ": " + e.detail()).collect(Collectors.joining("\n"));
    }

    private static String wentWrong(DrillReport report) {
        List<String> lines = new ArrayList<>(report.expectations().stream().filter(e -> !e.met())
                .map(e -> "- " + e.id() + ": " + e.detail()).toList());
        report.faults().stream().filter(f -> f.customerImpact() && f.mitigatedAt() == null)
                .forEach(f -> lines.add("- " + f.id() + ": customers were affected until it ended"));
        return String.join("\n", lines);
    }

    private static List<Postmortem.ActionItem> actionItems(List<EventRecord> records) {
        return records.stream().filter(r -> r.event() instanceof ActionItemAdded).map(r -> (ActionItemAdded) r.event())
                .map(a -> new Postmortem.ActionItem("", a.text(), a.owner(), a.due())).toList();
    }

    private static String runbookGaps(DrillReport report) {
        List<String> lines = new ArrayList<>();
        for (FaultReport f : report.faults()) {
            if (f.timeToFix() == null && f.customerImpact()) {
                lines.add("- " + f.type() + " (" + f.id() + ") was not fixed: does the runbook say how to recognise and fix it?");
            }
            if (f.timeToDetect() == null) {
                lines.add("- " + f.id() + " was never detected by an alert: which signal should have caught it?");
            }
        }
        return String.join("\n", lines);
    }
}
