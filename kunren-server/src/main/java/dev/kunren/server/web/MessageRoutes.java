package dev.kunren.server.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kunren.engine.expectation.ExpectationJudge;
import dev.kunren.engine.expectation.ExpectationResult;
import dev.kunren.engine.incident.Inbox;
import dev.kunren.engine.report.ExpectationText;
import dev.kunren.engine.report.Words;
import dev.kunren.engine.scenario.MessageSpec;
import dev.kunren.engine.timeline.EventRecord;
import dev.kunren.engine.timeline.TimelineEvent.ExpectationJudged;
import dev.kunren.server.http.Problem;
import dev.kunren.server.http.Router;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The tabletop side of a team's drill: the messages that reached it and its answers
 * ({@code /api/drills/{drill}/teams/{team}/messages…}), a facilitator's improvised message, and
 * where the team stands on the scenario's expectations.
 */
final class MessageRoutes {

    private final Guard guard;
    private final DrillManager drills;
    private final AtomicInteger improvised = new AtomicInteger();

    MessageRoutes(Guard guard, DrillManager drills) {
        this.guard = guard;
        this.drills = drills;
    }

    void mount(Router router) {
        String prefix = "/api/drills/{drill}/teams/{team}";
        router.route("GET", prefix + "/messages", x -> {
            guard.teamReader(x, x.path("drill"), x.path("team"));
            LiveDrill drill = drillWithTeam(x.path("drill"), x.path("team"));
            x.json(200, Inbox.replay(teamRecords(drill, x.path("team"))).all().stream().map(MessageRoutes::describe).toList());
        });
        router.route("POST", prefix + "/messages/{message}/answers", x -> {
            Session session = guard.teamMember(x, x.path("drill"), x.path("team"));
            LiveDrill drill = drillWithTeam(x.path("drill"), x.path("team"));
            JsonNode body = x.bodyJson();
            EventRecord appended;
            synchronized (drill) {
                if (drill.phase() == LiveDrill.Phase.ENDED) {
                    throw new Problem(409, "Conflict", "the drill has ended");
                }
                Inbox inbox = Inbox.replay(teamRecords(drill, x.path("team")));
                appended = drill.timeline().append(x.path("team"), drill.elapsed(),
                        inbox.answer(x.path("message"), body.path("text").asText(""), session.name()));
            }
            x.json(201, Map.of("seq", appended.seq(), "event", appended.event()));
        });
        router.route("POST", prefix + "/messages", x -> {
            guard.facilitator(x);
            LiveDrill drill = drillWithTeam(x.path("drill"), x.path("team"));
            drill.sendMessage(x.path("team"), improvised(x.bodyJson(), drill));
            x.json(202, Map.of("result", "delivering at the next drill second"));
        });
        router.route("GET", prefix + "/expectations", x -> {
            Session session = guard.teamReader(x, x.path("drill"), x.path("team"));
            LiveDrill drill = drillWithTeam(x.path("drill"), x.path("team"));
            List<Map<String, Object>> rows = standings(drill, x.path("team"), DebriefRoutes.words(x));
            x.json(200, session.facilitator() ? rows : forMembers(rows, drill));
        });
    }

    private LiveDrill drillWithTeam(String drillId, String team) {
        LiveDrill drill = drills.drill(drillId);
        drill.team(team).orElseThrow(() -> Problem.notFound("no team " + team + " in this drill"));
        return drill;
    }

    static List<EventRecord> teamRecords(LiveDrill drill, String team) {
        return drill.timeline().records().stream().filter(r -> r.team().equals(team)).toList();
    }

    private static Map<String, Object> describe(Inbox.Message m) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("id", m.id());
        map.put("deliveredAtSeconds", seconds(m.deliveredAt()));
        map.put("from", m.from());
        map.put("channel", m.channel());
        map.put("to", m.to());
        map.put("text", m.text());
        map.put("answers", m.answers().stream().map(a -> Map.of("atSeconds", seconds(a.at()), "by", a.by(), "text", a.text())).toList());
        return map;
    }

    /** A message the facilitator writes on the spot; it is meant for one of the scenario's roles. */
    private MessageSpec improvised(JsonNode body, LiveDrill drill) {
        String from = required(body, "from", 200);
        String to = body.path("to").asText("");
        List<String> roles = drill.scenario().incident().roles();
        if (!roles.contains(to)) {
            throw Problem.badRequest("to must be one of the scenario's roles: " + String.join(", ", roles));
        }
        String channel = body.path("channel").asText("phone");
        if (!MessageSpec.CHANNELS.contains(channel)) {
            throw Problem.badRequest("channel must be one of " + String.join(", ", MessageSpec.CHANNELS));
        }
        return new MessageSpec("improvised-" + improvised.incrementAndGet(), java.time.Duration.ZERO, from, channel, to,
                text(body));
    }

    /** One text for every language, or {"en": …, "ja": …} like a scenario's. */
    private static Map<String, String> text(JsonNode body) {
        JsonNode text = body.path("text");
        if (!text.isObject()) {
            return Map.of("", required(body, "text", 4_000));
        }
        Map<String, String> byLanguage = new LinkedHashMap<>();
        text.fieldNames().forEachRemaining(language -> {
            if (!MessageSpec.LANGUAGES.contains(language)) {
                throw Problem.badRequest("text has no language " + language + "; use " + String.join(", ", MessageSpec.LANGUAGES));
            }
            byLanguage.put(language, required(text, language, 4_000));
        });
        if (byLanguage.isEmpty()) {
            throw Problem.badRequest("give text: one string, or one per language (" + String.join(", ", MessageSpec.LANGUAGES) + ")");
        }
        return byLanguage;
    }

    private static String required(JsonNode body, String field, int max) {
        String value = body.path(field).asText("").strip();
        if (value.isEmpty() || value.length() > max) {
            throw Problem.badRequest("give " + field + " (1 to " + max + " characters)");
        }
        return value;
    }

    /**
     * Each expectation as it stands: a judged one as recorded (what the score counts, its detail in
     * the words' language), the others judged now (pending, or waiting for their inject).
     */
    static List<Map<String, Object>> standings(LiveDrill drill, String team, Words words) {
        List<EventRecord> records = teamRecords(drill, team);
        Map<String, EventRecord> judged = new LinkedHashMap<>();
        records.stream().filter(r -> r.event() instanceof ExpectationJudged)
                .forEach(r -> judged.put(((ExpectationJudged) r.event()).expectationId(), r));
        List<Map<String, Object>> rows = new ArrayList<>();
        for (ExpectationResult live : ExpectationJudge.judge(drill.scenario().expectations(), records, drill.elapsed(), false)) {
            EventRecord judgement = judged.get(live.expectation().id());
            ExpectationJudged done = judgement == null ? null : (ExpectationJudged) judgement.event();
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("id", live.expectation().id());
            row.put("inject", live.expectation().inject());
            row.put("kind", live.expectation().kind().key());
            row.put("limitSeconds", seconds(live.expectation().limit()));
            row.put("worth", live.expectation().points());
            row.put("penalty", live.expectation().penalty());
            if (done != null) {
                row.put("state", done.met() ? "met" : "missed");
                row.put("startedAtSeconds", seconds(done.startedAt()));
                row.put("deadlineSeconds", seconds(done.deadline()));
                row.put("doneAtSeconds", seconds(done.doneAt()));
                row.put("points", done.points());
                row.put("detail", ExpectationText.detail(done, judgement.at(), words));
            } else {
                row.put("state", live.state() == ExpectationResult.State.WAITING ? "waiting"
                        : live.decided() ? "deciding" : "pending");
                row.put("startedAtSeconds", seconds(live.startedAt()));
                row.put("deadlineSeconds", seconds(live.deadline()));
                row.put("doneAtSeconds", null);
                row.put("points", 0.0);
                row.put("detail", live.detail());
            }
            rows.add(row);
        }
        return rows;
    }

    /**
     * What a team may see of its expectations: none whose inject is still to come (that would
     * announce it), and a fault inject's id (which may name the fault) shown as "incident".
     */
    private static List<Map<String, Object>> forMembers(List<Map<String, Object>> rows, LiveDrill drill) {
        java.util.Set<String> messages = new java.util.HashSet<>();
        drill.scenario().messages().forEach(m -> messages.add(m.id()));
        List<Map<String, Object>> visible = new ArrayList<>();
        for (Map<String, Object> row : rows) {
            if (row.get("state").equals("waiting")) {
                continue;
            }
            Map<String, Object> copy = new LinkedHashMap<>(row);
            if (!messages.contains((String) row.get("inject"))) {
                copy.put("inject", "incident");
                copy.put("id", "incident/" + row.get("kind"));
            }
            visible.add(copy);
        }
        return visible;
    }

    static Double seconds(java.time.Duration d) {
        return d == null ? null : d.toMillis() / 1000.0;
    }
}
