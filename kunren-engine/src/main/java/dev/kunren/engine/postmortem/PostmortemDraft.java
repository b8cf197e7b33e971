package dev.kunren.engine.postmortem;

import dev.kunren.engine.report.DrillReport;
import dev.kunren.engine.report.DrillReport.ExpectationReport;
import dev.kunren.engine.report.DrillReport.FaultReport;
import dev.kunren.engine.report.Stage;
import dev.kunren.engine.report.Words;
import dev.kunren.engine.timeline.EventRecord;
import dev.kunren.engine.timeline.TimelineEvent.ActionItemAdded;
import dev.kunren.engine.timeline.TimelineEvent.RoleAssigned;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The first draft of a team's postmortem, written from its report and timeline in the report's
 * language: what happened, with the numbers, in the usual sections; what went well and wrong
 * starts from the expectations met and missed. The team edits it from there.
 */
public final class PostmortemDraft {

    private PostmortemDraft() {
    }

    public static Postmortem from(DrillReport report, List<EventRecord> teamRecords) {
        Words w = Words.of(report.language());
        Map<String, Stage> stages = new LinkedHashMap<>();
        report.stages().forEach(s -> stages.put(s.key(), s));
        return new Postmortem(report.team().isEmpty() ? w.t("draft.title", report.title()) : w.t("draft.titleTeam", report.title(),
                report.team()), summary(report, stages, w), impact(report, w), trigger(report, w), detection(stages, w),
                response(report, stages, teamRecords, w), recovery(report, stages, w), timeline(report, w), wentWell(report, w),
                wentWrong(report, w), "", actionItems(teamRecords), runbookGaps(report, w));
    }

    /** A stage's time, or "not reached (why)". */
    private static String took(Map<String, Stage> stages, String key, Words w) {
        Stage stage = stages.get(key);
        return stage == null || !stage.reached() ? w.t("draft.notReached", stage == null ? w.t("draft.nothingInjected") : stage.note())
                : w.duration(stage.took());
    }

    private static String summary(DrillReport report, Map<String, Stage> stages, Words w) {
        if (report.faults().isEmpty() && !report.tabletop()) {
            return w.t("draft.summary.nothing", report.drillId(), report.title());
        }
        String what = report.tabletop() ? w.t("draft.summary.tabletop", report.drillId(), report.title())
                : w.t(report.faults().size() == 1 ? "draft.summary.oneFault" : "draft.summary.faults", report.drillId(), report.title(),
                        report.faults().size());
        String stagesInWords = String.join(w.t("draft.summary.separator"), phrase(stages, "time-to-detect", w),
                phrase(stages, "time-to-declare", w), phrase(stages, "time-to-first-public-update", w),
                phrase(stages, "time-to-mitigate", w), phrase(stages, "time-to-resolve", w));
        return what + w.t("draft.sentenceGap") + Character.toUpperCase(stagesInWords.charAt(0)) + stagesInWords.substring(1)
                + w.t("draft.summary.end");
    }

    /** "incident declared after 2m 05s", or why it was not ("no incident declared"). */
    private static String phrase(Map<String, Stage> stages, String key, Words w) {
        Stage stage = stages.get(key);
        if (stage == null) {
            return w.t("draft.nothingToMeasure", w.t("draft.done." + key));
        }
        return stage.reached() ? w.t("draft.doneAfter", w.t("draft.done." + key), w.duration(stage.took())) : stage.note();
    }

    private static String impact(DrillReport report, Words w) {
        if (report.tabletop()) {
            return w.t("draft.impact.tabletop");
        }
        var t = report.totals();
        String budget = t.errorBudgetConsumedPercent() == null ? w.t("draft.impact.noBudget")
                : w.t("draft.impact.budget", t.errorBudgetConsumedPercent());
        return w.t("draft.impact", t.failed(), t.requests(), t.availabilityPercent(), budget, t.windowsOutsideObjective(), t.windows(),
                w.duration(report.objectives().window()))
                + report.failovers().stream().map(f -> w.t("draft.sentenceGap") + w.t(f.rto() == null ? "draft.impact.failover" : "draft.impact.failoverRto",
                        f.lostWrites(), f.rpo().toMillis(), f.rto() == null ? "" : w.duration(f.rto()))).collect(Collectors.joining());
    }

    private static String trigger(DrillReport report, Words w) {
        List<String> lines = new ArrayList<>();
        for (FaultReport f : report.faults()) {
            lines.add("- " + w.duration(f.injectedAt()) + " " + w.t(f.target().isEmpty() ? "draft.fault" : "draft.faultOn", f.id(), f.type(),
                    f.target()));
        }
        report.timeline().stream().filter(e -> e.type().equals("message-delivered"))
                .forEach(e -> lines.add("- " + w.duration(e.at()) + " " + e.text()));
        return lines.isEmpty() ? w.t("draft.nothingWasInjected") : String.join("\n", lines);
    }

    private static String detection(Map<String, Stage> stages, Words w) {
        return line(w, "time-to-detect", stages) + note(stages, "time-to-detect") + "\n"
                + line(w, "time-to-acknowledge", stages) + note(stages, "time-to-acknowledge");
    }

    /** "- Time to detect: 20s" */
    private static String line(Words w, String stage, Map<String, Stage> stages) {
        return "- " + w.t("draft.line", w.t("stage." + stage), took(stages, stage, w));
    }

    private static String note(Map<String, Stage> stages, String key) {
        Stage stage = stages.get(key);
        return stage != null && stage.reached() && !stage.note().isEmpty() ? " — " + stage.note() : "";
    }

    private static String response(DrillReport report, Map<String, Stage> stages, List<EventRecord> records, Words w) {
        List<String> roles = records.stream().filter(r -> r.event() instanceof RoleAssigned)
                .map(r -> w.t("draft.role", ((RoleAssigned) r.event()).person(), ((RoleAssigned) r.event()).role(), w.duration(r.at())))
                .toList();
        long answered = report.timeline().stream().filter(e -> e.type().equals("message-answered")).count();
        long messages = report.timeline().stream().filter(e -> e.type().equals("message-delivered")).count();
        return line(w, "time-to-declare", stages) + "\n"
                + "- " + w.t("draft.line", w.t("draft.roles"), roles.isEmpty() ? w.t("draft.noRoles") : String.join(w.t("list.separator"), roles))
                + "\n" + line(w, "time-to-first-internal-update", stages) + "\n"
                + line(w, "time-to-first-public-update", stages) + "\n"
                + line(w, "first-public-update-after-declaring", stages) + "\n"
                + line(w, "largest-public-update-gap", stages) + "\n"
                + (messages == 0 ? "" : "- " + w.t("draft.answered", answered, messages) + "\n")
                + "- " + w.t("md.operations", report.teamOperations());
    }

    private static String recovery(DrillReport report, Map<String, Stage> stages, Words w) {
        StringBuilder s = new StringBuilder(line(w, "time-to-mitigate", stages) + "\n" + line(w, "time-to-resolve", stages) + "\n"
                + line(w, "resolve-after-declaring", stages));
        for (FaultReport f : report.faults()) {
            String how = f.timeToFix() != null ? w.t("draft.fixedAfter", w.duration(f.timeToFix()))
                    : w.t("draft.notFixed", f.revertReason() == null ? w.t("draft.stillActive")
                            : w.t("draft.endedBy", w.t("revert." + f.revertReason().replace('_', '-'))));
            s.append("\n- ").append(w.t("draft.line", f.id(), how));
        }
        return s.toString();
    }

    private static String timeline(DrillReport report, Words w) {
        return report.timeline().stream().filter(e -> !e.type().equals("expectation-judged"))
                .map(e -> "- " + w.duration(e.at()) + " " + e.text() + (e.revealed() ? " *(" + w.t("draft.hidden") + ")*" : ""))
                .collect(Collectors.joining("\n"));
    }

    private static String wentWell(DrillReport report, Words w) {
        return report.expectations().stream().filter(ExpectationReport::met)
                .map(e -> "- " + w.t("draft.line", e.id(), e.detail())).collect(Collectors.joining("\n"));
    }

    private static String wentWrong(DrillReport report, Words w) {
        List<String> lines = new ArrayList<>(report.expectations().stream().filter(e -> !e.met())
                .map(e -> "- " + w.t("draft.line", e.id(), e.detail())).toList());
        report.faults().stream().filter(f -> f.customerImpact() && f.mitigatedAt() == null)
                .forEach(f -> lines.add("- " + w.t("draft.affectedUntilEnd", f.id())));
        return String.join("\n", lines);
    }

    private static List<Postmortem.ActionItem> actionItems(List<EventRecord> records) {
        return records.stream().filter(r -> r.event() instanceof ActionItemAdded).map(r -> (ActionItemAdded) r.event())
                .map(a -> new Postmortem.ActionItem("", a.text(), a.owner(), a.due())).toList();
    }

    private static String runbookGaps(DrillReport report, Words w) {
        List<String> lines = new ArrayList<>();
        for (FaultReport f : report.faults()) {
            if (f.timeToFix() == null && f.customerImpact()) {
                lines.add("- " + w.t("draft.gap.notFixed", f.type(), f.id()));
            }
            if (f.timeToDetect() == null) {
                lines.add("- " + w.t("draft.gap.notDetected", f.id()));
            }
        }
        return String.join("\n", lines);
    }
}
