package dev.kunren.engine.report;

import dev.kunren.engine.timeline.EventRecord;
import dev.kunren.engine.timeline.TimelineEvent.AlertAcknowledged;
import dev.kunren.engine.timeline.TimelineEvent.AlertChanged;
import dev.kunren.engine.timeline.TimelineEvent.AlertState;
import dev.kunren.engine.timeline.TimelineEvent.ActionItemAdded;
import dev.kunren.engine.timeline.TimelineEvent.ConsoleOperation;
import dev.kunren.engine.timeline.TimelineEvent.DatabaseFailedOver;
import dev.kunren.engine.timeline.TimelineEvent.DrillEnded;
import dev.kunren.engine.timeline.TimelineEvent.DrillPaused;
import dev.kunren.engine.timeline.TimelineEvent.DrillRestored;
import dev.kunren.engine.timeline.TimelineEvent.DrillResumed;
import dev.kunren.engine.timeline.TimelineEvent.DrillStarted;
import dev.kunren.engine.timeline.TimelineEvent.ExpectationJudged;
import dev.kunren.engine.timeline.TimelineEvent.FaultInjected;
import dev.kunren.engine.timeline.TimelineEvent.FaultInjectionFailed;
import dev.kunren.engine.timeline.TimelineEvent.FaultReverted;
import dev.kunren.engine.timeline.TimelineEvent.IncidentDeclared;
import dev.kunren.engine.timeline.TimelineEvent.IncidentNoteAdded;
import dev.kunren.engine.timeline.TimelineEvent.IncidentSeverityChanged;
import dev.kunren.engine.timeline.TimelineEvent.IncidentStatusChanged;
import dev.kunren.engine.timeline.TimelineEvent.InstanceHealthChanged;
import dev.kunren.engine.timeline.TimelineEvent.InternalUpdatePosted;
import dev.kunren.engine.timeline.TimelineEvent.MessageAnswered;
import dev.kunren.engine.timeline.TimelineEvent.MessageDelivered;
import dev.kunren.engine.timeline.TimelineEvent.MilestoneCorrected;
import dev.kunren.engine.timeline.TimelineEvent.NotificationSent;
import dev.kunren.engine.timeline.TimelineEvent;
import dev.kunren.engine.timeline.TimelineEvent.PublicUpdatePosted;
import dev.kunren.engine.timeline.TimelineEvent.RecurrenceEnded;
import dev.kunren.engine.timeline.TimelineEvent.RoleAssigned;
import dev.kunren.engine.timeline.TimelineEvent.RoleReleased;
import dev.kunren.engine.timeline.TimelineEvent.TeamJoined;
import java.util.Locale;
import java.util.Optional;

/** A timeline event in one line of the report's language, for its timeline; empty for the ones it leaves out. */
final class EventText {

    private EventText() {
    }

    static Optional<String> describe(EventRecord record, Words w) {
        return Optional.ofNullable(switch (record.event()) {
            case DrillStarted s -> w.t("event.drillStarted", w.own(s.titles(), s.title()));
            case DrillPaused p -> w.t("event.drillPaused");
            case DrillResumed r -> w.t("event.drillResumed");
            case DrillRestored r -> r.resumed().isEmpty() ? w.t("event.drillRestored")
                    : w.t("event.drillRestoredFaults", String.join(", ", r.resumed()));
            case DrillEnded e -> w.t("event.drillEnded", w.t("end." + lower(e.reason().name())));
            case FaultInjected f -> f.target().isEmpty() ? w.t("event.fault", f.faultId(), f.faultType())
                    : w.t("event.faultOn", f.faultId(), f.faultType(), f.target());
            case FaultReverted r -> w.t("event.faultEnded", r.faultId(), w.t("revert." + lower(r.reason().name())));
            case FaultInjectionFailed f -> w.t("event.faultFailed", f.faultId(), f.reason());
            case RecurrenceEnded r -> w.t("event.recurrenceEnded", r.faultId(), r.reason());
            case InstanceHealthChanged h -> w.t(h.healthy() ? "event.backInRotation" : "event.outOfRotation", h.instance());
            case AlertChanged a when a.state() == AlertState.FIRING -> w.t("event.alertFiring", a.rule(), w.own(a.summaries(), a.summary()));
            case AlertChanged a when a.state() == AlertState.RESOLVED -> w.t("event.alertResolved", a.rule());
            case AlertAcknowledged a -> w.t("event.alertAcknowledged", a.rule(), a.by());
            case NotificationSent n when !n.delivered() -> w.t("event.notificationFailed", n.channel(), n.detail());
            case ConsoleOperation o -> o.actor() + (o.source().equals(ReportBuilder.TEAM_SOURCE) ? "" : " (" + o.source() + ")")
                    + ": " + o.operation() + " " + o.resource() + (o.success() ? "" : w.t("event.refused", o.result()));
            case DatabaseFailedOver f -> w.t(f.automatic() ? "event.failoverAutomatic" : "event.failover", f.from(), f.to(),
                    f.lostWrites());
            case TeamJoined j -> w.t("event.joined", j.member());
            case IncidentDeclared d -> w.t(d.alertRule().isEmpty() ? "event.declared" : "event.declaredFromAlert", d.by(),
                    d.incidentId(), d.title(), d.severity(), d.alertRule());
            case IncidentStatusChanged s -> w.t("event.status", s.incidentId(), status(s.from(), w), status(s.to(), w), s.by());
            case IncidentSeverityChanged s -> w.t("event.severity", s.incidentId(), s.from(), s.to(), s.by());
            case RoleAssigned r -> w.t("event.roleAssigned", r.person(), r.role(), r.incidentId());
            case RoleReleased r -> w.t("event.roleReleased", r.role(), r.incidentId());
            case MilestoneCorrected c -> w.t("event.milestoneCorrected", c.by(), w.t("milestone." + lower(c.milestone())),
                    c.incidentId(), w.duration(c.to()), c.reason());
            case IncidentNoteAdded n -> w.t("event.note", n.by(), n.text());
            case InternalUpdatePosted u -> w.t("event.internalUpdate", u.by(), u.conditions(), u.actions())
                    + (u.needs().isEmpty() ? "" : w.t("event.needs", u.needs()));
            case PublicUpdatePosted u -> w.t("event.publicUpdate", u.by(), status(u.status(), w), u.message());
            case ActionItemAdded a -> w.t("event.actionItem", a.owner(), a.text()) + (a.due().isEmpty() ? "" : w.t("event.due", a.due()));
            case MessageDelivered m -> w.t("event.message." + (m.channel().equals("phone") || m.channel().equals("email")
                    ? m.channel() : "chat"), m.from(), m.to(), text(m, w.language()));
            case MessageAnswered a -> w.t("event.answered", a.by(), a.messageId(), a.text());
            case ExpectationJudged j -> w.t(j.met() ? "event.expectationMet" : "event.expectationMissed", j.expectationId(),
                    ExpectationText.detail(j, record.at(), w));
            case TimelineEvent.AgentConnected a -> w.t("event.agentConnected", a.agent(), a.host());
            case TimelineEvent.AgentLost a -> w.t("event.agentLost", a.agent());
            case TimelineEvent.AgentActed a -> w.t(a.ok() ? "event.agentActed" : "event.agentRefused", a.agent(), a.action(),
                    a.faultId().isEmpty() ? "—" : a.faultId(), a.detail());
            case TimelineEvent.AgentRevertedAlone a -> w.t("event.agentRevertedAlone", a.agent(), String.join(", ", a.faultIds()), a.why());
            case TimelineEvent.StopConditionTripped s -> w.t("event.stopCondition", s.condition());
            case TimelineEvent.InjectSkipped s -> w.t("event.injectSkipped", s.faultId(), s.reason());
            case TimelineEvent.ChatPostFailed c -> w.t("event.chatPostFailed", c.channel(), c.detail());
            case TimelineEvent.PageSent p -> w.t("event.pageSent", p.pageId(), p.person(), p.rule(), p.level());
            case TimelineEvent.PageDelivered p when !p.delivered() -> w.t("event.pageUndelivered", p.pageId(), p.person(), p.method(),
                    p.detail());
            case TimelineEvent.PageEscalated p -> w.t("event.pageEscalated", p.pageId(), p.from(), p.to(), p.person());
            case TimelineEvent.PageAcknowledged p -> w.t("event.pageAcknowledged", p.pageId(), p.by(), p.via());
            case TimelineEvent.PageClosed p -> w.t("event.pageClosed", p.pageId(), p.reason());
            case TimelineEvent.EvaluationNoted n -> w.t("event.evaluationNoted", n.by(), n.text());
            case TimelineEvent.RubricScored r -> w.t("event.rubricScored", r.by(), r.criterion(), r.score())
                    + (r.comment().isEmpty() ? "" : ": " + r.comment());
            default -> null;
        });
    }

    /** The message in the report's language if the scenario wrote it in that language, else in the first it has. */
    private static String text(MessageDelivered m, String language) {
        return m.text().getOrDefault(language, m.text().getOrDefault("en", m.text().values().iterator().next()));
    }

    private static String status(String name, Words w) {
        return w.t("status." + lower(name));
    }

    private static String lower(String name) {
        return name.toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
