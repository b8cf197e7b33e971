package dev.kunren.server.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kunren.engine.report.ExpectationText;
import dev.kunren.engine.report.Words;
import dev.kunren.engine.timeline.EventJson;
import dev.kunren.engine.timeline.EventRecord;
import dev.kunren.engine.timeline.Timeline;
import dev.kunren.engine.timeline.Visibility;
import dev.kunren.engine.timeline.TimelineEvent.DrillEnded;
import dev.kunren.engine.timeline.TimelineEvent.ExpectationJudged;
import dev.kunren.server.console.ConsoleRoutes;
import dev.kunren.server.http.Problem;
import dev.kunren.server.http.Router;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Live updates: {@code GET /api/drills/{drill}/stream} is a server-sent-event stream of the drill's
 * timeline as the caller may see it (the facilitator everything; a member their team's events,
 * without what was injected). A reconnecting browser sends {@code Last-Event-ID} and misses nothing.
 */
final class EventStream {

    private static final java.time.Duration KEEP_ALIVE = java.time.Duration.ofSeconds(15);
    private static final ObjectMapper JSON = EventJson.mapper();

    private final Guard guard;
    private final DrillManager drills;
    /** Drills another server on the database runs (none without one). */
    private final java.util.Optional<FollowedDrills> elsewhere;

    EventStream(Guard guard, DrillManager drills, java.util.Optional<FollowedDrills> elsewhere) {
        this.guard = guard;
        this.drills = drills;
        this.elsewhere = elsewhere;
    }

    /**
     * Whether the caller sees the event: the facilitator everything; an observer every team, but
     * what was injected only once the facilitator allows it or the drill has ended; a member their
     * team's events, without what was injected or what observers wrote.
     */
    static boolean visible(Session session, WatchedDrill drill, EventRecord record) {
        if (session.facilitator()) {
            return true;
        }
        if (session.observerOf(drill.id())) {
            return !Visibility.facilitatorOnly(record.event()) || drill.observersSeeFaults() || drill.ended();
        }
        return session.drillId().equals(drill.id()) && record.concerns(session.team()) && !ConsoleRoutes.hiddenFromTeam(record);
    }

    void mount(Router router) {
        router.route("GET", "/api/drills/{drill}/stream", guard.inDrill, x -> {
            Session session = guard.require(x);
            String id = x.path("drill");
            if (!session.inDrill(id)) {
                throw new Problem(403, "Forbidden", "you are not in this drill");
            }
            long after = x.header("Last-Event-ID").map(EventStream::seq).orElse(0L);
            x.responseHeader("X-Accel-Buffering", "no");
            if (drills.here(id) || elsewhere.isEmpty() || !drills.known(id)) {
                LiveDrill drill = drills.drill(id);
                x.stream(200, "text/event-stream; charset=utf-8", out -> stream(out, session, drill, after));
                return;
            }
            // run by another server: its events reach this one through the database
            x.stream(200, "text/event-stream; charset=utf-8", out -> {
                try (FollowedDrills.Followed drill = elsewhere.get().follow(id)) {
                    stream(out, session, drill, after);
                }
            });
        });
    }

    private static long seq(String value) {
        try {
            return Math.max(0, Long.parseLong(value.strip()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /**
     * Sends the timeline from {@code after} on, as a cursor over it: each event in order, none
     * skipped, nothing buffered per client (a slow browser just reads further behind; one that
     * stops reading is cut off by the server's write limit and reconnects with Last-Event-ID).
     * Ends with an {@code end} event once the drill's end has been sent.
     */
    private void stream(OutputStream out, Session session, WatchedDrill drill, long after) throws IOException, InterruptedException {
        Timeline timeline = drill.timeline();
        for (long next = after + 1; ; ) {
            EventRecord record = timeline.await(next, KEEP_ALIVE);
            if (record == null) {
                out.write(": keep-alive\n\n".getBytes(StandardCharsets.UTF_8));
                out.flush();
                continue;
            }
            if (visible(session, drill, record)) {
                out.write(("id: " + record.seq() + "\nevent: timeline\ndata: " + JSON.writeValueAsString(withDetails(record)) + "\n\n")
                        .getBytes(StandardCharsets.UTF_8));
            }
            next++;
            if (record.event() instanceof DrillEnded) {
                out.write(("id: " + record.seq() + "\nevent: end\ndata: {}\n\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
                return;
            }
            if (timeline.size() < next) {
                out.flush();  // caught up: send what is written; while behind, let the buffer fill
            }
        }
    }

    /**
     * A judgement's detail was recorded in English; the stream adds it in every language the
     * pages speak ({@code details}), said again from the recorded times as the debrief does.
     */
    static Object withDetails(EventRecord record) {
        if (!(record.event() instanceof ExpectationJudged judged)) {
            return record;
        }
        ObjectNode node = JSON.valueToTree(record);
        ObjectNode details = node.putObject("details");
        for (String language : Words.LANGUAGES) {
            details.put(language, ExpectationText.detail(judged, record.at(), Words.of(language)));
        }
        return node;
    }
}
