package dev.kunren.server.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.kunren.engine.debrief.Debrief;
import dev.kunren.engine.debrief.DebriefHtml;
import dev.kunren.engine.debrief.DebriefMarkdown;
import dev.kunren.engine.postmortem.Postmortem;
import dev.kunren.engine.postmortem.PostmortemDeadline;
import dev.kunren.engine.report.Charts;
import dev.kunren.engine.report.DrillReport;
import dev.kunren.engine.report.ReportBuilder;
import dev.kunren.engine.timeline.EventJson;
import dev.kunren.engine.timeline.EventRecord;
import dev.kunren.engine.timeline.TimelineEvent.DrillEnded;
import dev.kunren.engine.timeline.TimelineEvent.ExpectationJudged;
import dev.kunren.engine.timeline.TimelineEvent.PostmortemExpected;
import dev.kunren.server.debrief.Debriefs;
import dev.kunren.server.http.Exchange;
import dev.kunren.server.http.Problem;
import dev.kunren.server.http.RequestWords;
import dev.kunren.server.http.Router;
import dev.kunren.server.store.JdbcEventStore;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The debrief: every team's report with the injected faults revealed, charts, postmortems and
 * progress ({@code /api/drills/{drill}/debrief}, as JSON, Markdown or a standalone HTML file), and
 * each team's editable postmortem. The facilitator reads any stored drill; a member reads only
 * their own team's, and only once the drill has ended (it reveals what was injected).
 */
final class DebriefRoutes {

    private final Guard guard;
    private final DrillManager drills;
    private final JdbcEventStore store;
    private final Debriefs debriefs;
    private final Clock clock;

    DebriefRoutes(Guard guard, DrillManager drills, JdbcEventStore store, Clock clock) {
        this.guard = guard;
        this.drills = drills;
        this.store = store;
        this.debriefs = new Debriefs(store);
        this.clock = clock;
    }

    /** The debrief: every team for the facilitator and the drill's observers, a member's own team; see {@link #readable}. */
    private Router.Access debriefReaders() {
        return Router.Access.of("facilitator (any stored drill), or a member of the drill once it has ended (their own team only), "
                + "or its observers", x -> {
                    if (!guard.require(x).inDrill(x.path("drill"))) {
                        throw new Problem(403, "Forbidden", "you are not in this drill");
                    }
                });
    }

    private Router.Access postmortemWriters() {
        return Router.Access.of("member of the team once the drill has ended, or the facilitator (who may edit it too)", x -> {
            Session session = guard.require(x);
            if (!session.facilitator() && !session.memberOf(x.path("drill"), x.path("team"))) {
                throw new Problem(403, "Forbidden", "you are not a member of team " + x.path("team") + " of this drill");
            }
        });
    }

    void mount(Router router) {
        Router.Access readers = debriefReaders();
        router.route("GET", "/api/drills/{drill}/debrief", readers, x -> {
            Debrief debrief = debrief(x);
            x.json(200, describe(x.path("drill"), debrief));
        });
        router.route("GET", "/api/drills/{drill}/debrief.md", readers, x -> {
            String markdown = DebriefMarkdown.render(debrief(x));
            download(x, "md");
            x.text(200, "text/markdown; charset=utf-8", markdown);
        });
        router.route("GET", "/api/drills/{drill}/debrief.html", readers, x -> {
            String html = DebriefHtml.render(debrief(x));
            download(x, "html");
            // a standalone document: its own inline styles, no script; the debrief page frames it
            x.responseHeader("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
                    + "frame-ancestors 'self'");
            x.responseHeader("X-Frame-Options", "SAMEORIGIN");
            x.text(200, "text/html; charset=utf-8", html);
        });
        router.route("GET", "/api/drills/{drill}/debrief.json", readers, x -> {
            Debrief debrief = debrief(x);
            download(x, "json");
            x.json(200, debrief);
        });
        Router.Access postmortemReaders = Router.Access.of("member of the team once the drill has ended, or the facilitator "
                + "(who may edit it too), or an observer (read only)", x -> guard.teamReader(x, x.path("drill"), x.path("team")));
        router.route("GET", "/api/drills/{drill}/teams/{team}/postmortem", postmortemReaders, x -> {
            List<EventRecord> events = judged(x.path("drill"), readable(x, x.path("team")));
            requireTeam(events, x.path("team"));
            List<JdbcEventStore.SavedPostmortem> versions = debriefs.versions(x.path("drill"), x.path("team"));
            // the latest version unless an earlier one is asked for with ?version=N; with none saved, or with
            // ?draft=true (a team that saved in English starting again in Japanese), the draft
            Optional<Integer> asked = x.queryInt("version");
            boolean draft = x.query("draft").map(Boolean::parseBoolean).orElse(false);
            Optional<JdbcEventStore.SavedPostmortem> shown = draft ? Optional.empty() : asked.isPresent()
                    ? Optional.of(versions.stream().filter(v -> v.version() == asked.get()).findFirst()
                            .orElseThrow(() -> Problem.notFound("team " + x.path("team") + " has no version " + asked.get()
                                    + " of its postmortem; it has " + versions.size())))
                    : versions.isEmpty() ? Optional.empty() : Optional.of(versions.getLast());
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("version", shown.map(JdbcEventStore.SavedPostmortem::version).orElse(0));
            body.put("savedBy", shown.map(JdbcEventStore.SavedPostmortem::savedBy).orElse(null));
            body.put("savedAt", shown.map(JdbcEventStore.SavedPostmortem::savedAt).orElse(null));
            body.put("latestVersion", versions.size());
            body.put("versions", versions.stream().map(v -> Map.of("version", v.version(), "savedBy", v.savedBy(),
                    "savedAt", v.savedAt())).toList());
            body.put("actionTypes", Postmortem.ACTION_TYPES);
            body.put("expectation", expectation(events, x.path("team")));
            body.put("postmortem", shown.map(Debriefs::document)
                    .orElseGet(() -> Debriefs.draft(ReportBuilder.build(events, x.path("team"), RequestWords.of(x)), events)));
            x.json(200, body);
        });
        router.route("PUT", "/api/drills/{drill}/teams/{team}/postmortem", postmortemWriters(), x -> {
            Session session = guard.require(x);
            if (!session.facilitator() && !session.memberOf(x.path("drill"), x.path("team"))) {
                throw new Problem(403, "Forbidden", "you are not a member of team " + x.path("team") + " of this drill");
            }
            requireTeam(readable(x, x.path("team")), x.path("team"));
            Postmortem postmortem;
            try {
                postmortem = EventJson.mapper().readValue(x.bodyText(), Postmortem.class);
            } catch (JsonProcessingException e) {
                throw Problem.badRequest(unreadable(e));
            }
            List<String> problems = postmortem.problems();
            if (!problems.isEmpty()) {
                throw new Problem(422, "Invalid postmortem", String.join("; ", problems), Map.of("errors", problems));
            }
            int version = debriefs.save(x.path("drill"), x.path("team"), postmortem, session.name(), clock.instant());
            judged(x.path("drill"), readable(x, x.path("team")));
            x.json(200, Map.of("version", version));
        });
    }

    private static void download(Exchange x, String extension) {
        if (x.query("download").isPresent()) {
            x.responseHeader("Content-Disposition", "attachment; filename=\"debrief-" + x.path("drill").replaceAll("[^A-Za-z0-9._-]", "")
                    + "." + extension + "\"");
        }
    }

    /** The debrief the caller may read: every team for the facilitator (or the one asked with ?team=), the member's own team. */
    private Debrief debrief(Exchange x) {
        Session session = guard.require(x);
        Optional<String> asked = x.query("team");
        String team = session.seesEveryTeamOf(x.path("drill")) ? asked.orElse(null) : session.team();
        List<EventRecord> events = judged(x.path("drill"), readable(x, team));
        if (team != null) {
            requireTeam(events, team);
        }
        return debriefs.of(x.path("drill"), events, team == null ? List.of() : List.of(team), RequestWords.of(x));
    }

    /**
     * What the scenario expects of the postmortem, for the page to say: how soon after the drill's
     * end, the points and penalty, the deadline once the drill has ended, and the judgement once made.
     */
    private static Map<String, Object> expectation(List<EventRecord> events, String team) {
        Optional<PostmortemExpected> expected = events.stream().map(EventRecord::event)
                .filter(PostmortemExpected.class::isInstance).map(PostmortemExpected.class::cast).findFirst();
        if (expected.isEmpty()) {
            return null;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("withinSeconds", expected.get().within().toSeconds());
        body.put("points", expected.get().points());
        body.put("penalty", expected.get().penalty());
        body.put("deadline", events.stream().filter(r -> r.event() instanceof DrillEnded).findFirst()
                .map(r -> r.recordedAt().plus(expected.get().within())).orElse(null));
        events.stream().filter(r -> r.team().equals(team) && r.event() instanceof ExpectationJudged j && j.kind().equals(PostmortemDeadline.KIND))
                .map(r -> (ExpectationJudged) r.event()).findFirst()
                .ifPresent(j -> {
                    body.put("met", j.met());
                    body.put("awarded", j.points());
                });
        return body;
    }

    /**
     * The drill's events, if the caller may read the debrief: the facilitator any drill, live or
     * stored; a member their own drill and team, and an observer every team of their drill, once it
     * has ended.
     */
    private List<EventRecord> readable(Exchange x, String team) {
        Session session = guard.require(x);
        String drillId = x.path("drill");
        Optional<LiveDrill> live = drills.drills().stream().filter(d -> d.id().equals(drillId)).findFirst();
        if (!session.facilitator()) {
            boolean observer = session.observerOf(drillId);
            if (!observer && (!session.drillId().equals(drillId) || team == null || !session.team().equals(team))) {
                throw new Problem(403, "Forbidden", "a member reads only their own team's debrief");
            }
            if (live.isPresent() && live.get().phase() != LiveDrill.Phase.ENDED) {
                throw new Problem(409, "Conflict", "the debrief opens when the drill has ended");
            }
        }
        List<EventRecord> events = live.map(d -> d.timeline().records())
                .orElseGet(() -> store.drill(drillId).map(d -> store.events(drillId)).orElseThrow(() -> Problem.notFound("no drill " + drillId)));
        if (dev.kunren.engine.report.ReportBuilder.start(events).isEmpty()) {
            throw new Problem(409, "Conflict", "the drill has not started yet: there is nothing to debrief");
        }
        return events;
    }

    /** The events with every postmortem judgement that has come due recorded (a save, or a deadline passed). */
    private List<EventRecord> judged(String drillId, List<EventRecord> events) {
        Optional<LiveDrill> live = drills.drills().stream().filter(d -> d.id().equals(drillId)).findFirst();
        return debriefs.judgePostmortems(drillId, events, live.map(LiveDrill::timeline), clock.instant());
    }

    private static void requireTeam(List<EventRecord> events, String team) {
        if (!ReportBuilder.teams(events).contains(team)) {
            throw Problem.notFound("no team " + team + " in this drill");
        }
    }

    /** The debrief as the page reads it: the reports, postmortems and progress, and each team's charts as SVG. */
    private static Map<String, Object> describe(String drillId, Debrief debrief) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("drill", drillId);
        body.put("reports", debrief.reports());
        body.put("postmortems", debrief.postmortems());
        body.put("progress", debrief.progress());
        Map<String, Object> charts = new LinkedHashMap<>();
        for (DrillReport report : debrief.reports()) {
            charts.put(report.team(), Map.of("service", Charts.service(report), "score", Charts.score(report),
                    "trend", debrief.progress().get(report.team()).trendSvg()));
        }
        body.put("charts", charts);
        return body;
    }

    /** Why a body is not a postmortem, in the client's terms (the field), not the server's classes. */
    private static String unreadable(JsonProcessingException e) {
        if (e instanceof com.fasterxml.jackson.databind.exc.MismatchedInputException wrong && !wrong.getPath().isEmpty()) {
            String field = wrong.getPath().stream()
                    .map(p -> p.getFieldName() != null ? p.getFieldName() : "[" + p.getIndex() + "]")
                    .collect(java.util.stream.Collectors.joining(".")).replace(".[", "[");
            Class<?> type = wrong.getTargetType();
            String expected = type == null ? "another type" : java.util.Collection.class.isAssignableFrom(type) ? "a list"
                    : type == String.class ? "a text" : "an object";
            return "the postmortem's " + field + " must be " + expected;
        }
        return "the body must be a postmortem as JSON: " + e.getOriginalMessage();
    }
}
