package dev.kunren.server.cli;

import dev.kunren.engine.drill.Drill;
import dev.kunren.engine.drill.DrillListener;
import dev.kunren.engine.drill.DrillProgress;
import dev.kunren.engine.timeline.EventRecord;
import dev.kunren.engine.timeline.TimelineEvent;
import dev.kunren.engine.timeline.TimelineEvent.AlertAcknowledged;
import dev.kunren.engine.timeline.TimelineEvent.AlertChanged;
import dev.kunren.engine.timeline.TimelineEvent.AlertState;
import dev.kunren.engine.timeline.TimelineEvent.ConsoleOperation;
import dev.kunren.engine.timeline.TimelineEvent.DatabaseFailedOver;
import dev.kunren.engine.timeline.TimelineEvent.ExpectationJudged;
import dev.kunren.engine.timeline.TimelineEvent.FaultInjected;
import dev.kunren.engine.timeline.TimelineEvent.FaultInjectionFailed;
import dev.kunren.engine.timeline.TimelineEvent.FaultReverted;
import dev.kunren.engine.timeline.TimelineEvent.IncidentDeclared;
import dev.kunren.engine.timeline.TimelineEvent.IncidentStatusChanged;
import dev.kunren.engine.timeline.TimelineEvent.InstanceHealthChanged;
import dev.kunren.engine.timeline.TimelineEvent.InternalUpdatePosted;
import dev.kunren.engine.timeline.TimelineEvent.MessageAnswered;
import dev.kunren.engine.timeline.TimelineEvent.MessageDelivered;
import dev.kunren.engine.timeline.TimelineEvent.NotificationSent;
import dev.kunren.engine.timeline.TimelineEvent.PublicUpdatePosted;
import dev.kunren.engine.timeline.TimelineEvent.RecurrenceEnded;
import dev.kunren.engine.timeline.TimelineEvent.RevertReason;
import dev.kunren.engine.timeline.TimelineEvent.RoleAssigned;
import dev.kunren.engine.timeline.TimelineEvent.WindowClosed;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The live view of a headless drill. On a terminal it keeps one status line redrawn in place
 * (clock, score, last window's availability and p99, active faults, firing alerts) with the
 * notable events printed above it; in a pipe or a CI log it prints the status once per SLI window.
 */
final class ProgressPanel implements DrillListener, Consumer<EventRecord> {

    private static final String CLEAR_LINE = "\r\033[K";

    private final PrintWriter out;
    private final boolean interactive;
    private final List<String> teams;
    private final Map<String, DrillProgress> latest = new HashMap<>();
    private String status = "";
    private int lastPrintedWindow = -1;

    ProgressPanel(PrintWriter out, boolean interactive) {
        this(out, interactive, List.of(Drill.DEFAULT_TEAM));
    }

    /** A panel for a drill of several teams: one status line sums them up, event lines name their team. */
    ProgressPanel(PrintWriter out, boolean interactive, List<String> teams) {
        this.out = out;
        this.interactive = interactive;
        this.teams = List.copyOf(teams);
    }

    @Override
    public synchronized void onTick(DrillProgress progress) {
        latest.put(progress.team(), progress);
        if (!progress.team().equals(teams.getLast())) {
            return;
        }
        status = teams.size() == 1 ? render(progress) : renderTeams(progress);
        if (interactive) {
            out.print(CLEAR_LINE + status);
            out.flush();
        } else {
            int window = progress.lastWindow().map(WindowClosed::index).orElse(-1);
            if (window != lastPrintedWindow) {
                lastPrintedWindow = window;
                out.println(status);
            }
        }
    }

    @Override
    public void accept(EventRecord record) {
        String line = describe(record.event());
        if (line != null) {
            String team = teams.size() > 1 && !record.team().isEmpty() ? "[" + record.team() + "] " : "";
            line(clock(record.at()) + "  " + team + line);
        }
    }

    /** Prints a line above the status line. */
    synchronized void line(String text) {
        if (interactive) {
            out.print(CLEAR_LINE);
            out.println(text);
            out.print(status);
        } else {
            out.println(text);
        }
        out.flush();
    }

    synchronized void finish() {
        if (interactive && !status.isEmpty()) {
            out.println();
        }
        out.flush();
    }

    static String render(DrillProgress p) {
        StringBuilder s = new StringBuilder();
        s.append(clock(p.elapsed())).append('/').append(clock(p.plannedDuration()));
        s.append("  score ").append(String.format(Locale.ROOT, "%,.0f", p.score()));
        p.lastWindow().ifPresentOrElse(w -> s.append(String.format(Locale.ROOT, "  avail %.1f%%  p99 %.0fms%s",
                        w.availability(), w.p99Millis(), w.withinObjective() ? "" : " (SLO breached)")),
                () -> s.append("  avail —  p99 —"));
        s.append("  faults: ").append(p.activeFaults().isEmpty() ? "none" : String.join(", ", p.activeFaults()));
        s.append("  firing: ").append(p.firingAlerts().isEmpty() ? "none" : String.join(", ", p.firingAlerts()));
        return s.toString();
    }

    /** Several teams on one line: the leader, the team in the worst shape, and what is active. */
    private String renderTeams(DrillProgress last) {
        List<DrillProgress> all = teams.stream().map(latest::get).filter(java.util.Objects::nonNull).toList();
        DrillProgress leader = all.stream().max(java.util.Comparator.comparingDouble(DrillProgress::score)).orElse(last);
        long breached = all.stream().filter(p -> p.lastWindow().map(w -> !w.withinObjective()).orElse(false)).count();
        int faults = all.stream().mapToInt(p -> p.activeFaults().size()).sum();
        int firing = all.stream().mapToInt(p -> p.firingAlerts().size()).sum();
        return clock(last.elapsed()) + "/" + clock(last.plannedDuration()) + "  " + all.size() + " teams  leader "
                + leader.team() + String.format(Locale.ROOT, " %,.0f", leader.score()) + "  SLO breached: " + breached
                + "  faults: " + faults + "  firing: " + firing;
    }

    private static String describe(TimelineEvent event) {
        return switch (event) {
            case FaultInjected f -> "FAULT     " + f.faultId() + ": " + f.faultType()
                    + (f.target().isEmpty() ? "" : " on " + f.target()) + (f.params().isEmpty() ? "" : " " + f.params())
                    + ", reverted by " + clock(f.limit()) + " at the latest";
            case FaultReverted r when r.reason() == RevertReason.FIXED -> "FIXED     " + r.faultId() + " (fixed by the team)";
            case FaultReverted r -> "REVERTED  " + r.faultId() + " (" + r.reason().name().toLowerCase(Locale.ROOT).replace('_', ' ') + ")";
            case ConsoleOperation o -> "CONSOLE   " + o.actor() + (o.source().equals("console") ? "" : " from " + o.source()) + ": "
                    + o.operation() + " " + o.resource() + (o.success() ? " → " : " REFUSED: ") + o.result();
            case DatabaseFailedOver f -> "FAILOVER  " + f.from() + " → " + f.to() + (f.automatic() ? " (automatic)" : "")
                    + ": " + f.lostWrites() + " writes lost, RPO " + f.rpo().toMillis() + " ms";
            case RecurrenceEnded r -> "RECURRENCE ENDED  " + r.faultId() + ": " + r.reason();
            case FaultInjectionFailed f -> "FAULT NOT INJECTED  " + f.faultId() + ": " + f.reason();
            case InstanceHealthChanged h -> "LB        " + h.instance() + (h.healthy() ? " back in rotation" : " taken out of rotation (health checks failing)");
            case AlertChanged a when a.state() == AlertState.PENDING -> "PENDING   " + a.rule() + " (" + a.condition() + ", now " + a.value() + ")";
            case MessageDelivered m -> "MESSAGE   " + m.channel() + " from " + m.from() + " to the " + m.to() + ": "
                    + m.text().getOrDefault("en", m.text().values().iterator().next());
            case AlertAcknowledged a -> "ACK       " + a.rule() + " by " + a.by();
            case IncidentDeclared d -> "DECLARED  " + d.incidentId() + " " + d.severity() + " " + d.title() + " (" + d.by() + ")";
            case IncidentStatusChanged c -> "INCIDENT  " + c.incidentId() + " " + c.from().toLowerCase(Locale.ROOT) + " → "
                    + c.to().toLowerCase(Locale.ROOT) + " (" + c.by() + ")";
            case RoleAssigned r -> "ROLE      " + r.incidentId() + " " + r.role() + ": " + r.person();
            case InternalUpdatePosted u -> "INTERNAL  " + u.incidentId() + " (" + u.by() + ") conditions: " + u.conditions();
            case PublicUpdatePosted u -> "STATUS    " + u.incidentId() + " " + u.status().toLowerCase(Locale.ROOT) + " (" + u.by() + "): "
                    + u.message();
            case MessageAnswered a -> "ANSWERED  " + a.messageId() + " (" + a.by() + "): " + a.text();
            case ExpectationJudged j -> (j.met() ? "MET       " : "MISSED    ") + j.expectationId() + ": " + j.detail();
            case NotificationSent n when !n.delivered() -> "NOTIFY    " + n.channel() + " failed for " + n.rule() + ": " + n.detail();
            // the team's own monitoring's alerts come by webhook, not through the drill's notifiers
            case AlertChanged a when a.external() && a.state() == AlertState.FIRING -> "ALERT     " + a.rule() + " [" + a.severity()
                    + "] from " + a.source() + ": " + a.summary();
            case AlertChanged a when a.external() && a.state() == AlertState.RESOLVED -> "RESOLVED  " + a.rule() + " from " + a.source();
            case TimelineEvent.AgentConnected a -> "AGENT     " + a.agent() + " connected from " + a.host() + "; allowed: "
                    + (a.allowed().isEmpty() ? "nothing" : String.join(", ", a.allowed()));
            case TimelineEvent.AgentLost a -> "AGENT     " + a.agent() + " LOST: silent for " + a.silentFor().toSeconds()
                    + " s (it reverts on its own)";
            case TimelineEvent.AgentActed a -> "AGENT     " + a.agent() + " " + a.action() + " " + a.faultId() + (a.ok() ? ": " : " FAILED: ")
                    + a.detail();
            case TimelineEvent.AgentRevertedAlone a -> "AGENT     " + a.agent() + " reverted " + String.join(", ", a.faultIds())
                    + " on its own: " + a.why();
            case TimelineEvent.StopConditionTripped t -> "STOP      stop condition " + t.condition() + " held (now " + t.value()
                    + "): every fault halted, no more injects";
            case TimelineEvent.InjectSkipped k -> "SKIPPED   " + k.faultId() + ": " + k.reason();
            case TimelineEvent.PageSent p -> "PAGE      " + p.pageId() + " paging " + p.person() + " for " + p.rule() + " (level " + p.level() + ")";
            case TimelineEvent.PageDelivered p when !p.delivered() -> "PAGE      " + p.pageId() + " not delivered to " + p.person() + " by "
                    + p.method() + ": " + p.detail();
            case TimelineEvent.PageEscalated p -> "ESCALATED " + p.pageId() + " not acknowledged at level " + p.from() + ": now " + p.person();
            case TimelineEvent.PageAcknowledged p -> "PAGE ACK  " + p.pageId() + " by " + p.by() + " (" + p.via() + ")";
            case TimelineEvent.ChatPostFailed c -> "CHAT      posting to " + c.channel() + " failed: " + c.detail();
            default -> null;
        };
    }

    static String clock(Duration drillTime) {
        long seconds = drillTime.toSeconds();
        return String.format(Locale.ROOT, "%02d:%02d", seconds / 60, seconds % 60);
    }
}
