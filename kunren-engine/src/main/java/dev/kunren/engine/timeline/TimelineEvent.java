package dev.kunren.engine.timeline;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Every kind of fact a drill records. Events are immutable; the report, the scores and the live
 * view are all computed from them. The {@code type} names are stored in the database and must not
 * change.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = TimelineEvent.DrillStarted.class, name = "drill-started"),
        @JsonSubTypes.Type(value = TimelineEvent.DrillPaused.class, name = "drill-paused"),
        @JsonSubTypes.Type(value = TimelineEvent.DrillResumed.class, name = "drill-resumed"),
        @JsonSubTypes.Type(value = TimelineEvent.DrillRestored.class, name = "drill-restored"),
        @JsonSubTypes.Type(value = TimelineEvent.DrillEnded.class, name = "drill-ended"),
        @JsonSubTypes.Type(value = TimelineEvent.TrafficStarted.class, name = "traffic-started"),
        @JsonSubTypes.Type(value = TimelineEvent.FaultInjected.class, name = "fault-injected"),
        @JsonSubTypes.Type(value = TimelineEvent.FaultInjectionFailed.class, name = "fault-injection-failed"),
        @JsonSubTypes.Type(value = TimelineEvent.FaultReverted.class, name = "fault-reverted"),
        @JsonSubTypes.Type(value = TimelineEvent.InstanceHealthChanged.class, name = "instance-health-changed"),
        @JsonSubTypes.Type(value = TimelineEvent.AlertChanged.class, name = "alert-changed"),
        @JsonSubTypes.Type(value = TimelineEvent.NotificationSent.class, name = "notification-sent"),
        @JsonSubTypes.Type(value = TimelineEvent.WindowClosed.class, name = "window-closed"),
        @JsonSubTypes.Type(value = TimelineEvent.ConsoleOperation.class, name = "console-operation"),
        @JsonSubTypes.Type(value = TimelineEvent.DatabaseFailedOver.class, name = "database-failed-over"),
        @JsonSubTypes.Type(value = TimelineEvent.MetricsSampled.class, name = "metrics-sampled"),
        @JsonSubTypes.Type(value = TimelineEvent.RecurrenceEnded.class, name = "recurrence-ended"),
        @JsonSubTypes.Type(value = TimelineEvent.AlertAcknowledged.class, name = "alert-acknowledged"),
        @JsonSubTypes.Type(value = TimelineEvent.TeamJoined.class, name = "team-joined"),
        @JsonSubTypes.Type(value = TimelineEvent.IncidentDeclared.class, name = "incident-declared"),
        @JsonSubTypes.Type(value = TimelineEvent.IncidentStatusChanged.class, name = "incident-status-changed"),
        @JsonSubTypes.Type(value = TimelineEvent.IncidentSeverityChanged.class, name = "incident-severity-changed"),
        @JsonSubTypes.Type(value = TimelineEvent.RoleAssigned.class, name = "role-assigned"),
        @JsonSubTypes.Type(value = TimelineEvent.RoleReleased.class, name = "role-released"),
        @JsonSubTypes.Type(value = TimelineEvent.MilestoneCorrected.class, name = "milestone-corrected"),
        @JsonSubTypes.Type(value = TimelineEvent.IncidentNoteAdded.class, name = "incident-note-added"),
        @JsonSubTypes.Type(value = TimelineEvent.InternalUpdatePosted.class, name = "internal-update-posted"),
        @JsonSubTypes.Type(value = TimelineEvent.ActionItemAdded.class, name = "action-item-added"),
        @JsonSubTypes.Type(value = TimelineEvent.PublicUpdatePosted.class, name = "public-update-posted"),
        @JsonSubTypes.Type(value = TimelineEvent.MessageDelivered.class, name = "message-delivered"),
        @JsonSubTypes.Type(value = TimelineEvent.MessageAnswered.class, name = "message-answered"),
        @JsonSubTypes.Type(value = TimelineEvent.ExpectationJudged.class, name = "expectation-judged"),
        @JsonSubTypes.Type(value = TimelineEvent.PostmortemExpected.class, name = "postmortem-expected"),
        @JsonSubTypes.Type(value = TimelineEvent.AgentConnected.class, name = "agent-connected"),
        @JsonSubTypes.Type(value = TimelineEvent.AgentLost.class, name = "agent-lost"),
        @JsonSubTypes.Type(value = TimelineEvent.AgentActed.class, name = "agent-acted"),
        @JsonSubTypes.Type(value = TimelineEvent.AgentRevertedAlone.class, name = "agent-reverted-alone"),
        @JsonSubTypes.Type(value = TimelineEvent.StopConditionTripped.class, name = "stop-condition-tripped"),
        @JsonSubTypes.Type(value = TimelineEvent.InjectSkipped.class, name = "inject-skipped"),
        @JsonSubTypes.Type(value = TimelineEvent.ChatPostFailed.class, name = "chat-post-failed"),
        @JsonSubTypes.Type(value = TimelineEvent.PageSent.class, name = "page-sent"),
        @JsonSubTypes.Type(value = TimelineEvent.PageDelivered.class, name = "page-delivered"),
        @JsonSubTypes.Type(value = TimelineEvent.PageEscalated.class, name = "page-escalated"),
        @JsonSubTypes.Type(value = TimelineEvent.PageAcknowledged.class, name = "page-acknowledged"),
        @JsonSubTypes.Type(value = TimelineEvent.PageClosed.class, name = "page-closed"),
        @JsonSubTypes.Type(value = TimelineEvent.RubricSet.class, name = "rubric-set"),
        @JsonSubTypes.Type(value = TimelineEvent.EvaluationNoted.class, name = "evaluation-noted"),
        @JsonSubTypes.Type(value = TimelineEvent.RubricScored.class, name = "rubric-scored"),
})
public sealed interface TimelineEvent {

    /**
     * The drill began; carries what the report needs to judge it (objectives, alert rules).
     * {@code titles} is the title per language when the scenario gives several (empty in drills
     * recorded before). {@code environment} is {@code shop}, {@code external} (the team's own
     * systems) or {@code none} (tabletop); drills recorded before it say it by their instances.
     */
    record DrillStarted(String scenario, String title, double speed, long seed, Duration plannedDuration,
                        double availabilityObjective, Duration latencyP99Objective, Duration window,
                        List<String> instances, List<String> teams, Map<String, String> titles, String environment)
            implements TimelineEvent {

        public DrillStarted {
            teams = teams == null ? List.of() : List.copyOf(teams);
            titles = titles == null ? Map.of() : Map.copyOf(titles);
            environment = environment != null ? environment : instances == null || instances.isEmpty() ? "none" : "shop";
        }

        public DrillStarted(String scenario, String title, double speed, long seed, Duration plannedDuration,
                            double availabilityObjective, Duration latencyP99Objective, Duration window,
                            List<String> instances, List<String> teams) {
            this(scenario, title, speed, seed, plannedDuration, availabilityObjective, latencyP99Objective, window, instances, teams,
                    Map.of(), null);
        }

        public DrillStarted(String scenario, String title, double speed, long seed, Duration plannedDuration,
                            double availabilityObjective, Duration latencyP99Objective, Duration window,
                            List<String> instances, List<String> teams, Map<String, String> titles) {
            this(scenario, title, speed, seed, plannedDuration, availabilityObjective, latencyP99Objective, window, instances, teams,
                    titles, null);
        }

        /** Whether there was no system at all: messages only. */
        public boolean tabletop() {
            return environment.equals("none");
        }
    }

    record DrillPaused() implements TimelineEvent {
    }

    record DrillResumed() implements TimelineEvent {
    }

    /**
     * The process running the drill stopped (a crash, {@code kill -9}) and a new one took the drill
     * back at this drill time, paused: each team's environment rebuilt from the timeline, the faults
     * in flight resumed with what was left of their limits ({@code resumed}) or, outside Kunren's
     * own shop, reverted. {@code notes} says what could not be rebuilt exactly.
     */
    record DrillRestored(List<String> resumed, List<String> notes) implements TimelineEvent {
        public DrillRestored {
            resumed = resumed == null ? List.of() : List.copyOf(resumed);
            notes = notes == null ? List.of() : List.copyOf(notes);
        }
    }

    /** How a drill ended: it ran its course, was halted, or failed. */
    enum EndReason { COMPLETED, ENDED_EARLY, HALTED, FAILED }

    record DrillEnded(EndReason reason, String detail) implements TimelineEvent {
    }

    /** The first customer request was sent. */
    record TrafficStarted(double ratePerSecond) implements TimelineEvent {
    }

    /**
     * A fault began. {@code limit} is the drill time by which it is reverted at the latest;
     * {@code detectedBy} names the alert rules that count as detecting it (empty: any).
     */
    record FaultInjected(String faultId, String faultType, String target, Map<String, String> params,
                         Duration limit, List<String> detectedBy) implements TimelineEvent {
    }

    record FaultInjectionFailed(String faultId, String faultType, String reason) implements TimelineEvent {
    }

    /** Why a fault ended: the team fixed it, or a safety limit reverted it (a stop condition on the team's own systems too). */
    enum RevertReason { FIXED, TIME_LIMIT, HALT, DRILL_ENDED, SHUTDOWN, STOP_CONDITION }

    record FaultReverted(String faultId, RevertReason reason) implements TimelineEvent {
    }

    /** The load balancer took an instance out of rotation ({@code healthy=false}) or put it back. */
    record InstanceHealthChanged(String instance, boolean healthy) implements TimelineEvent {
    }

    /** An alert rule's state: pending, firing, resolved (after firing) or inactive (pending cleared). */
    enum AlertState { PENDING, FIRING, RESOLVED, INACTIVE }

    /** Where an alert came from: Kunren's own rules, or the team's monitoring through a webhook. */
    String KUNREN = "kunren";

    /**
     * {@code summaries} is the rule's summary per language when the scenario gives several (empty in
     * drills recorded before). {@code source} is {@link #KUNREN} for the scenario's rules, else the
     * team's monitoring that posted it ({@code alertmanager}, {@code grafana}, {@code mackerel},
     * {@code generic}); drills recorded before have none, which reads as Kunren's.
     */
    record AlertChanged(String rule, String severity, AlertState state, String summary, double value,
                        String condition, Map<String, String> summaries, String source) implements TimelineEvent {

        public AlertChanged {
            summaries = summaries == null ? Map.of() : Map.copyOf(summaries);
            source = source == null || source.isBlank() ? KUNREN : source;
        }

        public AlertChanged(String rule, String severity, AlertState state, String summary, double value, String condition,
                            Map<String, String> summaries) {
            this(rule, severity, state, summary, value, condition, summaries, KUNREN);
        }

        public AlertChanged(String rule, String severity, AlertState state, String summary, double value, String condition) {
            this(rule, severity, state, summary, value, condition, Map.of(), KUNREN);
        }

        /** Whether it came from the team's own monitoring rather than the scenario's rules. */
        public boolean external() {
            return !KUNREN.equals(source);
        }
    }

    record NotificationSent(String rule, AlertState state, String channel, boolean delivered, String detail)
            implements TimelineEvent {
    }

    /**
     * One SLI and scoring window of drill time closed. Latencies are of successful requests.
     *
     * @param withinObjective availability and p99 latency both met the steady-state objectives
     * @param notSent         requests the traffic generator skipped because this machine fell
     *                        behind schedule (not counted against the team)
     */
    record WindowClosed(int index, Duration start, Duration end, long requests, long failed, double availability,
                        double p50Millis, double p99Millis, double score, double totalScore,
                        boolean withinObjective, long notSent) implements TimelineEvent {
    }

    /** An operation on a team's environment, from its audit trail: by the team, a colleague, an attacker or an automation. */
    record ConsoleOperation(String actor, String source, String operation, String resource, Map<String, String> parameters,
                            boolean success, String result) implements TimelineEvent {
    }

    /** The database's replica became primary; writes not yet replicated were lost (the recovery point). */
    record DatabaseFailedOver(String from, String to, long lostWrites, long lostOrders, Duration rpo, boolean automatic)
            implements TimelineEvent {
    }

    /** The environment's gauges at the end of an SLI window, kept for charts and alert history. */
    record MetricsSampled(Map<String, Double> gauges) implements TimelineEvent {
    }

    /** A recurring inject stops recurring: the team made recovery automatic. */
    record RecurrenceEnded(String faultId, String reason) implements TimelineEvent {
    }

    /** A team member acknowledged a firing alert: who, as the timeline's time says when. */
    record AlertAcknowledged(String rule, String by) implements TimelineEvent {
    }

    /** Someone joined a team of the drill with its join code. */
    record TeamJoined(String member) implements TimelineEvent {
    }

    /**
     * A team declared an incident, from a firing alert ({@code alertRule}) or by hand (empty).
     * Severity and status are kept as their names (SEV1…SEV5; investigating…resolved).
     */
    record IncidentDeclared(String incidentId, String title, String severity, List<String> components, String by,
                            String alertRule) implements TimelineEvent {
    }

    record IncidentStatusChanged(String incidentId, String from, String to, String by) implements TimelineEvent {
    }

    record IncidentSeverityChanged(String incidentId, String from, String to, String by) implements TimelineEvent {
    }

    /** Someone takes (or is given) a role; whoever held it before hands it over. */
    record RoleAssigned(String incidentId, String role, String person, String by) implements TimelineEvent {
    }

    record RoleReleased(String incidentId, String role, String by) implements TimelineEvent {
    }

    /** A milestone's time corrected by hand; the automatic time and every correction stay on record. */
    record MilestoneCorrected(String incidentId, String milestone, Duration to, String by, String reason)
            implements TimelineEvent {
    }

    record IncidentNoteAdded(String incidentId, String text, String by) implements TimelineEvent {
    }

    /** An update to the company in Conditions / Actions / Needs form. */
    record InternalUpdatePosted(String incidentId, String conditions, String actions, String needs, String by)
            implements TimelineEvent {
    }

    record ActionItemAdded(String incidentId, String text, String owner, String due, String by) implements TimelineEvent {
    }

    /**
     * An update on the public status page: the incident's status as customers read it, the message,
     * and each affected component's status (operational, degraded-performance, partial-outage,
     * major-outage).
     */
    record PublicUpdatePosted(String incidentId, String status, String message, Map<String, String> components, String by)
            implements TimelineEvent {
    }

    /**
     * A message inject reached the team: a customer calls, a colleague asks. {@code to} is the role
     * it is meant for; {@code text} is keyed by language ({@code en}, {@code ja}).
     */
    record MessageDelivered(String messageId, String from, String channel, String to, Map<String, String> text)
            implements TimelineEvent {
    }

    record MessageAnswered(String messageId, String text, String by) implements TimelineEvent {
    }

    /**
     * An expectation of the scenario was met or missed, decided live (or at the drill's end).
     * Times are drill times; {@code deadline} and {@code doneAt} are null when there was none.
     * {@code detail} is in English; {@code limit} and {@code alert} (empty: any) let a report say it
     * again in another language (both null in drills recorded before they were added).
     */
    record ExpectationJudged(String expectationId, String inject, String kind, boolean met, Duration startedAt,
                             Duration deadline, Duration doneAt, double points, String detail, Duration limit,
                             String alert) implements TimelineEvent {
    }

    /**
     * The scenario expects each team's postmortem saved within {@code within} of the drill's end
     * (real time: after the end the drill's clock runs at 1×); judged when it is saved, or when a
     * debrief is read after the deadline without one.
     */
    record PostmortemExpected(Duration within, double points, double penalty) implements TimelineEvent {
    }

    /**
     * An agent on one of the team's hosts connected (or connected again): its host name and the
     * names its allow-list offers (processes, services, disks; what it may do, nothing more).
     */
    record AgentConnected(String agent, String host, List<String> allowed) implements TimelineEvent {
    }

    /** Nothing was heard from an agent for a while: it reverts what it did on its own (its dead-man's switch). */
    record AgentLost(String agent, Duration silentFor) implements TimelineEvent {
    }

    /** An agent did, or refused, what a fault asked of it ({@code action}: apply or revert), and said why. */
    record AgentActed(String agent, String faultId, String action, boolean ok, String detail) implements TimelineEvent {
    }

    /** An agent that lost its drill reverted what it had done, and says so on reconnecting. */
    record AgentRevertedAlone(String agent, List<String> faultIds, String why) implements TimelineEvent {
    }

    /** A stop condition held on the team's own systems: every fault was halted, and no more are injected. */
    record StopConditionTripped(String condition, double value) implements TimelineEvent {
    }

    /** An inject that did not happen, and why (a stop condition tripped before it). */
    record InjectSkipped(String faultId, String reason) implements TimelineEvent {
    }

    /**
     * Posting to a team's chat failed; recorded once when posts start failing, not for each post
     * (a chat that is down would otherwise fill the timeline).
     */
    record ChatPostFailed(String channel, String detail) implements TimelineEvent {
    }

    /** A firing alert paged {@code person} (level 1: whoever is on call; higher: an escalation). */
    record PageSent(String pageId, String rule, int level, String person) implements TimelineEvent {
    }

    /**
     * How a page reached its person by one contact method ({@code webhook}, {@code email},
     * {@code console}); an unavailable person's page is not delivered, and says why.
     */
    record PageDelivered(String pageId, String person, String method, boolean delivered, String detail) implements TimelineEvent {
    }

    /** Nobody acknowledged the page at level {@code from} in time: it pages level {@code to}. */
    record PageEscalated(String pageId, String rule, int from, int to, String person) implements TimelineEvent {
    }

    /** The paged person took the page: {@code via} a signed link, the console, chat or the CLI. */
    record PageAcknowledged(String pageId, String rule, String by, String via) implements TimelineEvent {
    }

    /** A page ended without an acknowledgement: its alert resolved, or the drill ended. */
    record PageClosed(String pageId, String rule, String reason) implements TimelineEvent {
    }

    /** The scenario's rubric, recorded at the start so that the report judges on what the drill had. */
    record RubricSet(List<RubricCriterion> criteria) implements TimelineEvent {
    }

    /** An observer's (or the facilitator's) evaluation note on a team, for the debrief. */
    record EvaluationNoted(String text, String by) implements TimelineEvent {
    }

    /** An observer scored the team on a criterion of the scenario's rubric, 0 to 3; a later score of theirs replaces it. */
    record RubricScored(String criterion, int score, String comment, String by) implements TimelineEvent {
    }
}
