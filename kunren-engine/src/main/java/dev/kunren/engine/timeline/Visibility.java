package dev.kunren.engine.timeline;

import dev.kunren.engine.timeline.TimelineEvent.FaultInjected;
import dev.kunren.engine.timeline.TimelineEvent.FaultInjectionFailed;
import dev.kunren.engine.timeline.TimelineEvent.FaultReverted;
import dev.kunren.engine.timeline.TimelineEvent.RecurrenceEnded;

/** Who may see an event while a drill runs. */
public final class Visibility {

    private Visibility() {
    }

    /**
     * What was injected, and when it ended, is the facilitator's until the debrief: a team finds
     * out from its alerts and its customers, as it would for real.
     */
    public static boolean facilitatorOnly(TimelineEvent event) {
        return event instanceof FaultInjected || event instanceof FaultReverted || event instanceof FaultInjectionFailed
                || event instanceof RecurrenceEnded || event instanceof TimelineEvent.AgentActed
                || event instanceof TimelineEvent.AgentRevertedAlone || event instanceof TimelineEvent.InjectSkipped
                || event instanceof TimelineEvent.DrillRestored;  // it names the faults still in flight
    }

    /**
     * What observers write about a team (evaluation notes, rubric scores) is for the facilitator
     * and the observers during the drill, and for the team at the debrief: an evaluator's note
     * read live would steer the team it judges.
     */
    public static boolean evaluatorsOnly(TimelineEvent event) {
        return event instanceof TimelineEvent.EvaluationNoted || event instanceof TimelineEvent.RubricScored;
    }

    /** Whether a team may see the event while the drill runs. */
    public static boolean teamSees(TimelineEvent event) {
        return !facilitatorOnly(event) && !evaluatorsOnly(event);
    }
}
