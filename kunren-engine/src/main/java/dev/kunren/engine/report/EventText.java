package dev.kunren.engine.report;

import static dev.kunren.engine.clock.DurationText.format;

import dev.kunren.engine.timeline.TimelineEvent;
import dev.kunren.engine.timeline.TimelineEvent.AlertAcknowledged;
import dev.kunren.engine.timeline.TimelineEvent.AlertChanged;
import dev.kunren.engine.timeline.TimelineEvent.AlertState;
import dev.kunren.engine.timeline.TimelineEvent.ActionItemAdded;
import dev.kunren.engine.timeline.TimelineEvent.ConsoleOperation;
import dev.kunren.engine.timeline.TimelineEvent.DatabaseFailedOver;
import dev.kunren.engine.timeline.TimelineEvent.DrillEnded;
import dev.kunren.engine.timeline.TimelineEvent.DrillPaused;
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
import dev.kunren.engine.timeline.TimelineEvent.PublicUpdatePosted;
import dev.kunren.engine.timeline.TimelineEvent.RecurrenceEnded;
import dev.kunren.engine.timeline.TimelineEvent.RoleAssigned;
import dev.kunren.engine.timeline.TimelineEvent.RoleReleased;
import dev.kunren.engine.timeline.TimelineEvent.TeamJoined;
import java.util.Locale;
import java.util.Optional;

/** A timeline event in one line of English, for the report's timeline; empty for the ones it leaves out. */
final class EventText {

    private EventText() {
    }

    static Optional<String> describe(TimelineEvent event) {
        return Optional.ofNullable(switch (event) {
            case DrillStarted s -> "Drill started: " + s.title();
            case DrillPaused p -> "Drill paused";
            case DrillResumed r -> "Drill resumed";
            case DrillEnded e -> "Drill ended (" + e.reason().name().toLowerCase(Locale.ROOT).replace('_', ' ') + ")";
            case FaultInjected f -> "Fault " + f.faultId() + ": " + f.faultType() + (f.target().isEmpty() ? "" : " on " + f.target());
            case FaultReverted r -> "Fault " + r.faultId() + " ended: " + r.reason().name().toLowerCase(Locale.ROOT).replace('_', ' ');
            case FaultInjectionFailed f -> "Fault " + f.faultId() + " could not be injected: " + f.reason();
            case RecurrenceEnded r -> r.faultId() + " stops recurring: " + r.reason();
            case InstanceHealthChanged h -> h.instance() + (h.healthy() ? " back in rotation" : " taken out of rotation");
            case AlertChanged a when a.state() == AlertState.FIRING -> "Alert " + a.rule() + " firing: " + a.summary();
            case AlertChanged a when a.state() == AlertState.RESOLVED -> "Alert " + a.rule() + " resolved";
            case AlertAcknowledged a -> "Alert " + a.rule() + " acknowledged by " + a.by();
            case NotificationSent n when !n.delivered() -> "Notification to " + n.channel() + " failed: " + n.detail();
            case ConsoleOperation o -> o.actor() + (o.source().equals(ReportBuilder.TEAM_SOURCE) ? "" : " (" + o.source() + ")")
                    + ": " + o.operation() + " " + o.resource() + (o.success() ? "" : " — refused: " + o.result());
            case DatabaseFailedOver f -> "Database failed over " + f.from() + " → " + f.to() + (f.automatic() ? " (automatic)" : "")
                    + ", " + f.lostWrites() + " writes lost";
            case TeamJoined j -> j.member() + " joined";
            case IncidentDeclared d -> d.by() + " declared " + d.incidentId() + ": " + d.title() + " (" + d.severity() + ")"
                    + (d.alertRule().isEmpty() ? "" : " from alert " + d.alertRule());
            case IncidentStatusChanged s -> s.incidentId() + " " + lower(s.from()) + " → " + lower(s.to()) + " (" + s.by() + ")";
            case IncidentSeverityChanged s -> s.incidentId() + " severity " + s.from() + " → " + s.to() + " (" + s.by() + ")";
            case RoleAssigned r -> r.person() + " is " + r.role() + " of " + r.incidentId();
            case RoleReleased r -> r.role() + " of " + r.incidentId() + " released";
            case MilestoneCorrected c -> c.by() + " corrected " + lower(c.milestone()) + " of " + c.incidentId() + " to "
                    + format(c.to()) + ": " + c.reason();
            case IncidentNoteAdded n -> "Note (" + n.by() + "): " + n.text();
            case InternalUpdatePosted u -> "Internal update (" + u.by() + "): " + u.conditions() + " / " + u.actions()
                    + (u.needs().isEmpty() ? "" : " / needs: " + u.needs());
            case PublicUpdatePosted u -> "Status page (" + u.by() + ", " + lower(u.status()) + "): " + u.message();
            case ActionItemAdded a -> "Action item for " + a.owner() + ": " + a.text() + (a.due().isEmpty() ? "" : " (due " + a.due() + ")");
            case MessageDelivered m -> switch (m.channel()) {
                case "phone" -> "Phone call";
                case "email" -> "Email";
                default -> "Chat message";
            } + " from " + m.from() + " to the " + m.to() + ": "
                    + m.text().getOrDefault("en", m.text().values().iterator().next());
            case MessageAnswered a -> a.by() + " answered " + a.messageId() + ": " + a.text();
            case ExpectationJudged j -> "Expectation " + j.expectationId() + (j.met() ? " met: " : " missed: ") + j.detail();
            default -> null;
        });
    }

    private static String lower(String name) {
        return name.toLowerCase(Locale.ROOT).replace('_', ' ');
    }
}
