package dev.kunren.server.incident;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kunren.engine.expectation.ExpectationJudge;
import dev.kunren.engine.expectation.ExpectationResult;
import dev.kunren.engine.incident.Inbox;
import dev.kunren.engine.report.ExpectationText;
import dev.kunren.engine.report.Words;
import dev.kunren.engine.timeline.EventRecord;
import dev.kunren.engine.timeline.TimelineEvent.ExpectationJudged;
import dev.kunren.server.http.RequestWords;
import dev.kunren.server.http.Router;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The tabletop side of a team's drill, under a prefix that names the team ({@code {team}}): the
 * messages that reached it and its answers, and where it stands on the scenario's expectations.
 * Mounted by the web app and by a headless drill's console API alike.
 */
public final class InboxRoutes {

    private InboxRoutes() {
    }

    /** Adds the routes under {@code prefix} (which must contain {@code {team}}) to a router. */
    public static void mount(Router router, String prefix, TeamAccess access) {
        router.route("GET", prefix + "/messages", access.readers(), x -> {
            TeamDrill drill = access.reader(x).drill();
            x.json(200, Inbox.replay(drill.records()).all().stream().map(InboxRoutes::describe).toList());
        });
        router.route("POST", prefix + "/messages/{message}/answers", access.members(), x -> {
            TeamAccess.Caller caller = access.member(x);
            TeamDrill drill = caller.drill();
            JsonNode body = x.bodyJson();
            EventRecord appended = IncidentCommandRoutes.record(drill,
                    () -> Inbox.replay(drill.records()).answer(x.path("message"), body.path("text").asText(""), caller.name()));
            x.json(201, Map.of("seq", appended.seq(), "event", appended.event()));
        });
        router.route("GET", prefix + "/expectations", access.readers(), x -> {
            TeamAccess.Caller caller = access.reader(x);
            List<Map<String, Object>> rows = standings(caller.drill(), RequestWords.of(x));
            x.json(200, caller.facilitator() ? rows : forMembers(rows, caller.drill()));
        });
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

    /**
     * Each expectation as it stands: a judged one as recorded (what the score counts, its detail in
     * the words' language), the others judged now (pending, or waiting for their inject).
     */
    private static List<Map<String, Object>> standings(TeamDrill drill, Words words) {
        List<EventRecord> records = drill.records();
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
    private static List<Map<String, Object>> forMembers(List<Map<String, Object>> rows, TeamDrill drill) {
        Set<String> messages = new HashSet<>();
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

    private static Double seconds(Duration d) {
        return d == null ? null : d.toMillis() / 1000.0;
    }
}
