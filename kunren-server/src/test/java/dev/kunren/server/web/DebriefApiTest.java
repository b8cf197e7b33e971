package dev.kunren.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kunren.server.store.JdbcEventStore;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The debrief over real HTTP: who may read it when, its formats, the postmortem's versions, progress over two drills. */
@Tag("slow")
class DebriefApiTest {

    private static final ObjectMapper JSON = WebApi.JSON;
    private WebApi api;
    private JdbcEventStore store;
    private WebServer server;
    private String[] member;
    private String[] other;
    private String[] facilitator;
    private final SkewedClock clock = new SkewedClock();

    /** The system clock, moved forward on demand: a deadline days after the drill passes in a test. */
    private static final class SkewedClock extends Clock {
        private volatile java.time.Duration skew = java.time.Duration.ZERO;

        void skew(java.time.Duration by) {
            skew = by;
        }

        @Override
        public java.time.ZoneId getZone() {
            return java.time.ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            throw new UnsupportedOperationException();
        }

        @Override
        public java.time.Instant instant() {
            return java.time.Instant.now().plus(skew);
        }
    }

    @BeforeEach
    void start() throws Exception {
        store = JdbcEventStore.open("jdbc:h2:mem:debrief-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "", "");
        server = new WebServer(store, Path.of("scenarios"), clock).start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        api = new WebApi(server);
        facilitator = api.signIn("/api/session/link", Map.of("token", server.oneTimeSignInToken()));
    }

    /** A customer-support drill at 600× with team red (Aiko) and blue (Ben), started. */
    private String startDrill() throws Exception {
        String id = api.json(facilitator, "POST", "/api/drills", "{\"scenario\":\"customer-support\",\"speed\":600}").path("id").asText();
        String red = api.json(facilitator, "POST", "/api/drills/" + id + "/teams", "{\"name\":\"red\"}").path("joinCode").asText();
        String blue = api.json(facilitator, "POST", "/api/drills/" + id + "/teams", "{\"name\":\"blue\"}").path("joinCode").asText();
        member = api.signIn("/api/session/join", Map.of("code", red, "name", "Aiko"));
        other = api.signIn("/api/session/join", Map.of("code", blue, "name", "Ben"));
        api.json(facilitator, "POST", "/api/drills/" + id + "/start", "");
        return id;
    }

    private void awaitEnd(String id) throws Exception {
        LiveDrill drill = server.drills().drill(id);
        drill.awaitEnd(java.time.Duration.ofSeconds(20));
        assertThat(drill.phase()).isEqualTo(LiveDrill.Phase.ENDED);
    }

    @AfterEach
    void stop() {
        server.close();
        store.close();
        api.close();
    }

    @Test
    void members_read_their_own_debrief_once_the_drill_has_ended_in_every_format() throws Exception {
        String id = startDrill();
        String debrief = "/api/drills/" + id + "/debrief";
        assertThat(api.send(member, "GET", debrief, null).statusCode()).as("while it runs").isEqualTo(409);
        api.json(member, "POST", "/api/drills/" + id + "/teams/red/incidents", "{\"title\":\"Bookings fail\",\"severity\":\"SEV2\"}");
        awaitEnd(id);

        JsonNode mine = api.json(member, "GET", debrief, null);
        assertThat(mine.path("reports")).extracting(r -> r.path("team").asText()).containsExactly("red");
        assertThat(mine.path("reports").get(0).path("stages")).extracting(s -> s.path("key").asText())
                .contains("time-to-detect", "time-to-declare", "time-to-first-public-update", "largest-public-update-gap");
        assertThat(mine.path("charts").path("red").path("service").asText()).startsWith("<svg");
        assertThat(api.send(member, "GET", debrief + "?team=blue", null).statusCode()).as("?team is the facilitator's").isEqualTo(200);
        assertThat(api.json(member, "GET", debrief + "?team=blue", null).path("reports").get(0).path("team").asText()).isEqualTo("red");
        assertThat(api.send(member, "GET", "/api/drills/" + id + "/teams/blue/postmortem", null).statusCode()).isEqualTo(403);
        assertThat(api.send(null, "GET", debrief, null).statusCode()).isEqualTo(401);

        JsonNode all = api.json(facilitator, "GET", debrief, null);
        assertThat(all.path("reports")).extracting(r -> r.path("team").asText()).containsExactly("red", "blue");

        HttpResponse<String> html = api.send(member, "GET", debrief + ".html?download=1", null);
        assertThat(html.statusCode()).isEqualTo(200);
        assertThat(html.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(html.headers().firstValue("Content-Disposition")).hasValueSatisfying(v -> assertThat(v).contains("debrief-" + id + ".html"));
        assertThat(html.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(v -> assertThat(v).contains("default-src 'none'"));
        assertThat(html.body()).startsWith("<!doctype html>").contains("<svg").doesNotContain("<script");
        HttpResponse<String> md = api.send(member, "GET", debrief + ".md", null);
        assertThat(md.body()).contains("## Stages").contains("Time to declare").contains("## Postmortem: ");
        assertThat(api.send(member, "GET", debrief + ".md?lang=ja", null).body()).as("in Japanese")
                .contains("## 各段階", "インシデント宣言までの時間", "## ポストモーテム：", "共有です").doesNotContain("Time to declare");
        assertThat(api.send(member, "GET", debrief + ".html?lang=ja", null).body()).contains("<html lang=\"ja\">");
        assertThat(api.json(member, "GET", "/api/drills/" + id + "/teams/red/postmortem?lang=ja", null).path("postmortem")
                .path("title").asText()).startsWith("ポストモーテム：");
        HttpResponse<String> french = api.send(member, "GET", debrief + ".md?lang=fr", null);
        assertThat(french.statusCode()).isEqualTo(400);
        assertThat(french.body()).contains("lang must be one of en, ja, not fr");
        assertThat(JSON.readTree(api.send(member, "GET", debrief + ".json", null).body()).path("postmortems").has("red")).isTrue();
    }

    @Test
    void a_postmortem_is_checked_and_every_saved_version_counts() throws Exception {
        String id = startDrill();
        awaitEnd(id);
        String path = "/api/drills/" + id + "/teams/red/postmortem";
        JsonNode draft = api.json(member, "GET", path, null);
        assertThat(draft.path("version").asInt()).isZero();
        assertThat(draft.path("postmortem").path("title").asText()).isEqualTo("Postmortem: Customer-support drill: the booking site is down (team red)");
        assertThat(draft.path("postmortem").path("timeline").asText()).contains("- 4m 00s Phone call from Sato");
        assertThat(draft.path("postmortem").path("summary").asText()).as("stages not reached are said in words")
                .containsIgnoringCase("no incident declared").doesNotContain("not reached");

        ObjectNode edited = (ObjectNode) draft.path("postmortem");
        edited.put("wentWell", "- Declared within a minute");
        edited.putArray("actionItems").addObject().put("type", "someday").put("text", "").put("owner", "Aiko").put("due", "soon");
        HttpResponse<String> refused = api.send(member, "PUT", path, edited.toString());
        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(JSON.readTree(refused.body()).path("errors")).extracting(JsonNode::asText).containsExactly(
                "action item 1 needs a type: one of mitigate, prevent, detect, process", "action item 1 needs a text",
                "action item 1's due date must be YYYY-MM-DD");
        assertThat(api.send(member, "PUT", path, "{not json").statusCode()).isEqualTo(400);
        HttpResponse<String> notAList = api.send(member, "PUT", path, edited.deepCopy().put("actionItems", "x").toString());
        assertThat(notAList.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(notAList.body()).path("detail").asText()).isEqualTo("the postmortem's actionItems must be a list");
        ((ObjectNode) edited.path("actionItems").get(0)).put("due", "2026-02-30");
        assertThat(api.send(member, "PUT", path, edited.toString()).body()).contains("action item 1's due date must be YYYY-MM-DD");
        assertThat(api.send(other, "PUT", path, edited.toString()).statusCode()).as("another team").isEqualTo(403);

        ((ObjectNode) edited.path("actionItems").get(0)).put("type", "detect").put("text", "Alert on booking errors").put("due", "2026-12-01");
        assertThat(api.json(member, "PUT", path, edited.toString()).path("version").asInt()).isEqualTo(1);
        assertThat(api.json(facilitator, "PUT", path, edited.put("gotLucky", "- it was a drill").toString()).path("version").asInt()).isEqualTo(2);
        JsonNode saved = api.json(member, "GET", path, null);
        assertThat(saved.path("version").asInt()).isEqualTo(2);
        assertThat(saved.path("savedBy").asText()).isEqualTo("facilitator");
        assertThat(saved.path("postmortem").path("actionItems").get(0).path("type").asText()).isEqualTo("detect");
        assertThat(saved.path("versions")).extracting(v -> v.path("version").asInt() + " " + v.path("savedBy").asText())
                .containsExactly("1 Aiko", "2 facilitator");
        assertThat(saved.path("versions").get(0).path("savedAt").asText()).matches("\\d{4}-\\d{2}-\\d{2}T.*Z");
        JsonNode first = api.json(member, "GET", path + "?version=1", null);
        assertThat(first.path("version").asInt()).isEqualTo(1);
        assertThat(first.path("latestVersion").asInt()).isEqualTo(2);
        assertThat(first.path("postmortem").path("gotLucky").asText()).as("version 1 as it was saved").isEmpty();
        JsonNode redraft = api.json(member, "GET", path + "?draft=true&lang=ja", null);
        assertThat(redraft.path("version").asInt()).as("the draft, not a saved version").isZero();
        assertThat(redraft.path("latestVersion").asInt()).isEqualTo(2);
        assertThat(redraft.path("postmortem").path("title").asText()).as("written again in the asked language")
                .isEqualTo("ポストモーテム：カスタマーサポート訓練：予約サイトが落ちた（チーム red）");
        assertThat(api.json(member, "GET", path, null).path("version").asInt()).as("nothing saved by reading the draft").isEqualTo(2);
        assertThat(api.send(member, "GET", path + "?version=9", null).statusCode()).isEqualTo(404);
        assertThat(api.send(member, "GET", path + "?version=latest", null).statusCode()).isEqualTo(400);
        assertThat(api.send(member, "GET", "/api/drills/" + id + "/debrief.md", null).body()).contains("| detect | Alert on booking errors | Aiko | 2026-12-01 |");
    }

    @Test
    void the_postmortem_saved_in_time_scores_and_one_never_saved_is_missed_after_its_deadline() throws Exception {
        String id = startDrill();  // customer-support expects each postmortem within 72h, for 100 points
        awaitEnd(id);
        String path = "/api/drills/" + id + "/teams/red/postmortem";
        JsonNode draft = api.json(member, "GET", path, null);
        assertThat(draft.path("expectation").path("withinSeconds").asLong()).isEqualTo(72 * 3600);
        assertThat(draft.path("expectation").path("points").asDouble()).isEqualTo(100);
        assertThat(draft.path("expectation").path("deadline").asText()).matches("\\d{4}-\\d{2}-\\d{2}T.*Z");
        assertThat(draft.path("expectation").has("met")).as("not judged before it is saved").isFalse();
        assertThat(postmortemJudgements(facilitator, id)).isEmpty();

        assertThat(api.json(member, "PUT", path, draft.path("postmortem").toString()).path("version").asInt()).isEqualTo(1);
        assertThat(api.json(member, "PUT", path, draft.path("postmortem").toString()).path("version").asInt()).isEqualTo(2);
        assertThat(api.json(member, "GET", path, null).path("expectation").path("met").asBoolean()).isTrue();
        assertThat(postmortemJudgements(facilitator, id)).as("judged once, at the first save").containsExactly("red met 100.0");
        JsonNode red = api.json(member, "GET", "/api/drills/" + id + "/debrief", null).path("reports").get(0);
        assertThat(red.path("expectations")).extracting(e -> e.path("kind").asText()).contains("postmortem");
        assertThat(api.send(member, "GET", "/api/drills/" + id + "/debrief.md", null).body())
                .contains("postmortem saved after");

        // 73 hours later, on a server that knows the drill only from the store: blue never saved one
        server.close();
        api.close();
        clock.skew(java.time.Duration.ofHours(73));
        server = new WebServer(store, Path.of("scenarios"), clock).start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        api = new WebApi(server);
        facilitator = api.signIn("/api/session/link", Map.of("token", server.oneTimeSignInToken()));
        assertThat(postmortemJudgements(facilitator, id)).containsExactly("red met 100.0", "blue missed 0.0");
        assertThat(api.send(facilitator, "GET", "/api/drills/" + id + "/debrief.md?team=blue&lang=ja", null).body())
                .contains("以内にポストモーテムは保存されなかった");
        assertThat(postmortemJudgements(facilitator, id)).as("nothing judged twice").hasSize(2);
        java.util.List<Long> seqs = store.events(id).stream().map(dev.kunren.engine.timeline.EventRecord::seq).toList();
        assertThat(seqs).as("the store's sequence goes on without a gap").isEqualTo(
                java.util.stream.LongStream.rangeClosed(1, seqs.size()).boxed().toList());
    }

    /** Every team's postmortem judgement in the debrief, as "team met|missed points". */
    private java.util.List<String> postmortemJudgements(String[] who, String id) throws Exception {
        java.util.List<String> judgements = new java.util.ArrayList<>();
        for (JsonNode report : api.json(who, "GET", "/api/drills/" + id + "/debrief", null).path("reports")) {
            for (JsonNode e : report.path("expectations")) {
                if (e.path("kind").asText().equals("postmortem")) {
                    judgements.add(report.path("team").asText() + " " + (e.path("met").asBoolean() ? "met" : "missed") + " "
                            + e.path("points").asDouble());
                }
            }
        }
        return judgements;
    }

    @Test
    void a_second_drill_of_the_scenario_is_compared_with_the_first() throws Exception {
        String first = startDrill();
        awaitEnd(first);
        String second = startDrill();
        api.awaitRunning(second);
        api.json(member, "POST", "/api/drills/" + second + "/teams/red/incidents", "{\"title\":\"Bookings fail\",\"severity\":\"SEV2\"}");
        awaitEnd(second);

        JsonNode progress = api.json(member, "GET", "/api/drills/" + second + "/debrief", null).path("progress").path("red");
        assertThat(progress.path("drills")).extracting(JsonNode::asText).containsExactly(first, second);
        JsonNode declare = null;
        for (JsonNode row : progress.path("rows")) {
            if (row.path("key").asText().equals("time-to-declare")) {
                declare = row;
            }
        }
        assertThat(declare).isNotNull();
        assertThat(declare.path("values").get(0).isNull()).as("never declared the first time").isTrue();
        assertThat(declare.path("values").get(1).isNull()).isFalse();
        assertThat(api.send(member, "GET", "/api/drills/" + first + "/debrief", null).statusCode()).as("not their drill").isEqualTo(403);
    }
}
