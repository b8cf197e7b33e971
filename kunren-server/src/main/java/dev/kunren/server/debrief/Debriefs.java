package dev.kunren.server.debrief;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kunren.engine.KunrenException;
import dev.kunren.engine.debrief.Debrief;
import dev.kunren.engine.postmortem.Postmortem;
import dev.kunren.engine.postmortem.PostmortemDeadline;
import dev.kunren.engine.postmortem.PostmortemDraft;
import dev.kunren.engine.report.DrillReport;
import dev.kunren.engine.report.Progress;
import dev.kunren.engine.report.ReportBuilder;
import dev.kunren.engine.report.Words;
import dev.kunren.engine.timeline.EventJson;
import dev.kunren.engine.timeline.EventRecord;
import dev.kunren.engine.timeline.Timeline;
import dev.kunren.engine.timeline.TimelineEvent;
import dev.kunren.server.store.DrillSummary;
import dev.kunren.server.store.JdbcEventStore;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Puts a drill's debrief together from the store: each team's report, its postmortem (the latest
 * saved version, else a draft written from the timeline) and its progress over its earlier
 * drills of the same scenario. Shared by the web app and {@code kunren report}.
 */
public final class Debriefs {

    /** Earlier drills a comparison goes back to, at most. */
    static final int MAX_EARLIER = 9;
    private static final ObjectMapper JSON = EventJson.mapper();

    private final JdbcEventStore store;

    public Debriefs(JdbcEventStore store) {
        this.store = store;
    }

    /** The debrief of a drill's events, for the named teams (every team when empty), written in the words' language. */
    public Debrief of(String drillId, List<EventRecord> events, List<String> teams, Words words) {
        List<DrillReport> reports = ReportBuilder.buildAll(events, words).stream()
                .filter(r -> teams.isEmpty() || teams.contains(r.team())).toList();
        Map<String, Postmortem> postmortems = new HashMap<>();
        Map<String, Progress> progress = new HashMap<>();
        Instant created = store.drill(drillId).map(DrillSummary::createdAt).orElse(Instant.MAX);
        for (DrillReport report : reports) {
            postmortems.put(report.team(), postmortem(drillId, report, events));
            progress.put(report.team(), progress(drillId, created, report));
        }
        return new Debrief(reports, postmortems, progress);
    }

    /**
     * The debrief of events held in memory when the database cannot be read: drafts for
     * postmortems, and no earlier drills to compare with.
     */
    public static Debrief fromMemory(List<EventRecord> events, Words words) {
        List<DrillReport> reports = ReportBuilder.buildAll(events, words);
        Map<String, Postmortem> postmortems = new HashMap<>();
        Map<String, Progress> progress = new HashMap<>();
        for (DrillReport report : reports) {
            postmortems.put(report.team(), draft(report, events));
            progress.put(report.team(), Progress.of(List.of(report)));
        }
        return new Debrief(reports, postmortems, progress);
    }

    /** The team's postmortem: the latest saved version, else the draft (in the report's language). */
    public Postmortem postmortem(String drillId, DrillReport report, List<EventRecord> events) {
        return saved(drillId, report.team()).orElseGet(() -> draft(report, events));
    }

    /** The draft written from the report and the drill's events that concern the team. */
    public static Postmortem draft(DrillReport report, List<EventRecord> events) {
        return PostmortemDraft.from(report, events.stream().filter(r -> r.concerns(report.team())).toList());
    }

    public Optional<Postmortem> saved(String drillId, String team) {
        return store.latestPostmortem(drillId, team).map(saved -> read(saved.document()));
    }

    /** Every saved version, oldest first. */
    public List<JdbcEventStore.SavedPostmortem> versions(String drillId, String team) {
        return store.postmortemVersions(drillId, team);
    }

    /** A saved version's document. */
    public static Postmortem document(JdbcEventStore.SavedPostmortem saved) {
        return read(saved.document());
    }

    public int save(String drillId, String team, Postmortem postmortem, String by, Instant at) {
        try {
            return store.savePostmortem(drillId, team, JSON.writeValueAsString(postmortem), by, at);
        } catch (JsonProcessingException e) {
            throw new KunrenException("cannot write the postmortem: " + e.getMessage(), e);
        }
    }

    /**
     * Records each team's postmortem judgement that has come due ({@link PostmortemDeadline}):
     * through the live drill's timeline while it is in memory (so consoles and scoreboard see it),
     * else straight into the store, at the drill's end time.
     *
     * @return the drill's events, with any judgement just recorded
     */
    public synchronized List<EventRecord> judgePostmortems(String drillId, List<EventRecord> events, Optional<Timeline> live,
                                                           Instant now) {
        if (events.stream().noneMatch(r -> r.event() instanceof TimelineEvent.PostmortemExpected)) {
            return events;
        }
        Map<String, Optional<Instant>> firstSaved = new LinkedHashMap<>();
        for (String team : ReportBuilder.teams(events)) {
            firstSaved.put(team, store.postmortemVersions(drillId, team).stream().findFirst().map(JdbcEventStore.SavedPostmortem::savedAt));
        }
        if (firstSaved.entrySet().stream().allMatch(t -> PostmortemDeadline.due(events, t.getKey(), t.getValue(), now).isEmpty())) {
            return events;
        }
        // read again under the lock: another request may have recorded a judgement since these events were read
        List<EventRecord> all = new ArrayList<>(live.map(Timeline::records).orElseGet(() -> store.events(drillId)));
        for (Map.Entry<String, Optional<Instant>> team : firstSaved.entrySet()) {
            Optional<TimelineEvent.ExpectationJudged> judged = PostmortemDeadline.due(all, team.getKey(), team.getValue(), now);
            if (judged.isEmpty()) {
                continue;
            }
            Duration end = judged.get().startedAt();
            if (live.isPresent()) {
                all.add(live.get().append(team.getKey(), end, judged.get()));
            } else {
                EventRecord record = new EventRecord(drillId, all.getLast().seq() + 1, team.getKey(), end,
                        now.truncatedTo(ChronoUnit.MICROS), judged.get());
                store.append(record);
                all.add(record);
            }
        }
        return all;
    }

    /** This drill after the team's earlier drills of the same scenario (those that started before it), oldest first. */
    private Progress progress(String drillId, Instant created, DrillReport current) {
        List<DrillSummary> earlier = store.drills().stream()
                .filter(d -> d.scenario().equals(current.scenario()) && !d.id().equals(drillId) && d.createdAt().isBefore(created))
                .toList();
        List<DrillReport> reports = new ArrayList<>();
        for (DrillSummary drill : earlier.subList(Math.max(0, earlier.size() - MAX_EARLIER), earlier.size())) {
            List<EventRecord> events = store.events(drill.id());
            if (ReportBuilder.start(events).isPresent() && ReportBuilder.teams(events).contains(current.team())) {
                reports.add(ReportBuilder.build(events, current.team(), Words.of(current.language())));
            }
        }
        reports.add(current);
        return Progress.of(reports);
    }

    private static Postmortem read(String json) {
        try {
            return JSON.readValue(json, Postmortem.class);
        } catch (JsonProcessingException e) {
            throw new KunrenException("a stored postmortem cannot be read: " + e.getMessage(), e);
        }
    }
}
