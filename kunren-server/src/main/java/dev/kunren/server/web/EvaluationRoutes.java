package dev.kunren.server.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kunren.engine.report.Evaluation;
import dev.kunren.engine.timeline.EventRecord;
import dev.kunren.engine.timeline.RubricCriterion;
import dev.kunren.engine.timeline.TimelineEvent;
import dev.kunren.engine.timeline.TimelineEvent.EvaluationNoted;
import dev.kunren.engine.timeline.TimelineEvent.RubricScored;
import dev.kunren.server.http.Problem;
import dev.kunren.server.http.RateLimits;
import dev.kunren.server.http.RequestWords;
import dev.kunren.server.http.Router;
import java.util.List;
import java.util.Map;

/**
 * Observers' work (seed 003's watchers, Gremlin's Observer): evaluation notes on a team's
 * timeline and scores on the scenario's rubric, 0 to 3 per criterion, a later score of theirs
 * replacing the earlier. The facilitator may write them too. The team reads them in the debrief.
 */
final class EvaluationRoutes {

    static final int MAX_TEXT = 4_000;
    /** Per observer and drill: a watcher writes a few notes a minute; a script would fill the debrief. */
    private final RateLimits writes = new RateLimits("evaluations from you (60 a minute)", 60, 60, 10_000);
    private final Guard guard;
    private final DrillManager drills;

    EvaluationRoutes(Guard guard, DrillManager drills) {
        this.guard = guard;
        this.drills = drills;
    }

    void mount(Router router) {
        String prefix = "/api/drills/{drill}/teams/{team}";
        router.route("GET", prefix + "/evaluation", Router.Access.of("member of the team once the drill has ended, "
                + "or the facilitator or an observer of the drill (read only)", x -> guard.teamReader(x, x.path("drill"), x.path("team"))), x -> {
            Session session = guard.teamReader(x, x.path("drill"), x.path("team"));
            LiveDrill drill = started(x.path("drill"), x.path("team"));
            if (!session.seesEveryTeamOf(drill.id()) && drill.phase() != LiveDrill.Phase.ENDED) {
                throw new Problem(409, "Conflict", "the observers' evaluation opens to the team at the debrief");
            }
            x.json(200, Evaluation.of(drill.timeline().records().stream().filter(r -> r.concerns(x.path("team"))).toList(),
                    RequestWords.of(x)));
        });
        router.route("POST", prefix + "/evaluations", guard.evaluators, x -> {
            Session session = guard.evaluator(x, x.path("drill"));
            LiveDrill drill = started(x.path("drill"), x.path("team"));
            String text = text(x.bodyJson(), "text", true);
            x.json(201, record(session, drill, x.path("team"), new EvaluationNoted(text, session.name())));
        });
        router.route("PUT", prefix + "/rubric/{criterion}", guard.evaluators, x -> {
            Session session = guard.evaluator(x, x.path("drill"));
            LiveDrill drill = started(x.path("drill"), x.path("team"));
            List<String> criteria = drill.scenario().rubric().stream().map(RubricCriterion::id).toList();
            if (!criteria.contains(x.path("criterion"))) {
                throw Problem.notFound("no criterion " + x.path("criterion") + " in this scenario's rubric"
                        + (criteria.isEmpty() ? " (it has none)" : "; it has " + String.join(", ", criteria)));
            }
            JsonNode body = x.bodyJson();
            JsonNode score = body.path("score");
            if (!score.isInt() || score.asInt() < 0 || score.asInt() > RubricCriterion.MAX_SCORE) {
                throw Problem.badRequest("score is a whole number from 0 to " + RubricCriterion.MAX_SCORE);
            }
            x.json(200, record(session, drill, x.path("team"), new RubricScored(x.path("criterion"), score.asInt(),
                    text(body, "comment", false), session.name())));
        });
    }

    /** A drill that has started, with that team: evaluation is of what a team did. */
    private LiveDrill started(String drillId, String team) {
        LiveDrill drill = drills.drill(drillId);
        drill.team(team).orElseThrow(() -> Problem.notFound("no team " + team + " in this drill"));
        if (drill.phase() == LiveDrill.Phase.SETUP || drill.phase() == LiveDrill.Phase.STARTING) {
            throw new Problem(409, "Conflict", "the drill has not started: there is nothing to evaluate yet");
        }
        return drill;
    }

    private Map<String, Object> record(Session session, LiveDrill drill, String team, TimelineEvent event) {
        writes.take(drill.id() + "/" + session.role() + "/" + session.name());
        EventRecord recorded = drill.timeline().append(team, drill.elapsed(), event);
        return Map.of("seq", recorded.seq(), "event", recorded.event());
    }

    private static String text(JsonNode body, String field, boolean required) {
        String text = body.path(field).asText("").strip();
        if (required && text.isEmpty()) {
            throw Problem.badRequest("give " + field + ": what you observed");
        }
        if (text.length() > MAX_TEXT) {
            throw Problem.badRequest(field + " is at most " + MAX_TEXT + " characters");
        }
        return text;
    }
}
