package dev.kunren.engine.expectation;

import static dev.kunren.engine.clock.DurationText.format;

import dev.kunren.engine.expectation.ExpectationResult.State;
import dev.kunren.engine.expectation.TeamFacts.IncidentFacts;
import dev.kunren.engine.timeline.EventRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Judges a team's expectations on its timeline at a moment of the drill.
 *
 * <p>The rules, the same live and in the report: the clock starts at the inject (for the first
 * updates, at the declaration of the incident the inject is about: the one open at the inject,
 * else the first declared after it); doing it exactly at the limit meets it; something done
 * before the inject counts only for {@code declare} (an incident already open) and the update
 * kinds (they belong to that incident); an alert fired or acknowledged before the inject was about
 * something else. An expectation is missed as soon as its limit has passed, or when the drill ends
 * before it was met; a cadence is met when its incident is resolved (or the drill ends) with no
 * silence longer than the limit. Expectations whose inject never happened are not judged.
 */
public final class ExpectationJudge {

    private final List<Expectation> expectations;
    private final TeamFacts facts = new TeamFacts();

    public ExpectationJudge(List<Expectation> expectations) {
        this.expectations = List.copyOf(expectations);
    }

    /** Judges every expectation on a finished list of a team's events. */
    public static List<ExpectationResult> judge(List<Expectation> expectations, List<EventRecord> teamRecords,
                                                Duration now, boolean drillOver) {
        ExpectationJudge judge = new ExpectationJudge(expectations);
        teamRecords.forEach(judge::observe);
        return judge.judge(now, drillOver);
    }

    /** Takes note of the team's next event. */
    public void observe(EventRecord record) {
        facts.observe(record);
    }

    public List<Expectation> expectations() {
        return expectations;
    }

    /** Every expectation's state at {@code now}; {@code drillOver} decides what is still pending. */
    public List<ExpectationResult> judge(Duration now, boolean drillOver) {
        List<ExpectationResult> results = new ArrayList<>();
        for (Expectation expectation : expectations) {
            results.add(judgeOne(expectation, now, drillOver));
        }
        return results;
    }

    private ExpectationResult judgeOne(Expectation e, Duration now, boolean over) {
        Duration start = facts.injectedAt.get(e.inject());
        if (start == null) {
            return new ExpectationResult(e, State.WAITING, null, null, null, "waiting for " + e.inject());
        }
        Duration deadline = start.plus(e.limit());
        return switch (e.kind()) {
            case ALERT_FIRES -> byDeadline(e, start, deadline, TeamFacts.firstAfter(facts.firings, start, e.alert()), now, over,
                    alertName(e) + " fired", alertName(e) + " did not fire");
            case ACKNOWLEDGE -> byDeadline(e, start, deadline, TeamFacts.firstAfter(facts.acknowledgements, start, e.alert()),
                    now, over, alertName(e) + " acknowledged", "no " + alertName(e) + " acknowledged");
            case PAGE_ACKNOWLEDGED -> byDeadline(e, start, deadline, TeamFacts.firstAfter(facts.pageAcknowledgements, start, e.alert()),
                    now, over, "page for " + alertName(e) + " acknowledged", "no page for " + alertName(e) + " acknowledged");
            case ANSWER -> byDeadline(e, start, deadline, Optional.ofNullable(facts.firstAnswer.get(e.inject())), now, over,
                    "answered", "not answered");
            case DECLARE -> byDeadline(e, start, deadline, facts.incidentFor(start).map(i -> i.declaredAt), now, over,
                    "incident declared", "no incident declared");
            case RESOLVE -> byDeadline(e, start, deadline, facts.incidentFor(start).flatMap(i -> i.resolvedFrom(start)), now, over,
                    "incident resolved", "incident not resolved");
            case FIRST_INTERNAL_UPDATE -> firstUpdate(e, start, now, over, i -> i.internalUpdates, "internal");
            case FIRST_PUBLIC_UPDATE -> firstUpdate(e, start, now, over, i -> i.publicUpdates, "public");
            case PUBLIC_UPDATES_EVERY -> cadence(e, start, now, over);
        };
    }

    private static String alertName(Expectation e) {
        return e.alert().map(a -> "alert " + a).orElse("an alert");
    }

    private static ExpectationResult byDeadline(Expectation e, Duration start, Duration deadline, Optional<Duration> done,
                                                Duration now, boolean over, String didIt, String didNot) {
        if (done.isPresent() && done.get().compareTo(deadline) <= 0) {
            Duration took = done.get().minus(start);
            String when = took.isNegative() ? "before the inject" : "after " + format(took);
            return new ExpectationResult(e, State.MET, start, deadline, done.get(), didIt + " " + when
                    + " (limit " + format(e.limit()) + ")");
        }
        if (done.isPresent()) {
            return new ExpectationResult(e, State.MISSED, start, deadline, done.get(), didIt + " only after "
                    + format(done.get().minus(start)) + " (limit " + format(e.limit()) + ")");
        }
        if (now.compareTo(deadline) > 0 || over) {
            return new ExpectationResult(e, State.MISSED, start, deadline, null, didNot + (now.compareTo(deadline) > 0
                    ? " within " + format(e.limit()) : " before the drill ended"));
        }
        return new ExpectationResult(e, State.PENDING, start, deadline, null, "due by " + format(deadline));
    }

    private ExpectationResult firstUpdate(Expectation e, Duration inject, Duration now, boolean over,
                                          java.util.function.Function<IncidentFacts, List<Duration>> updates, String which) {
        Optional<IncidentFacts> incident = facts.incidentFor(inject);
        if (incident.isEmpty()) {
            return noIncident(e, inject, over);
        }
        Duration declared = incident.get().declaredAt;
        List<Duration> posted = updates.apply(incident.get());
        return byDeadline(e, declared, declared.plus(e.limit()), posted.stream().findFirst(), now, over,
                "first " + which + " update posted", "no " + which + " update posted");
    }

    private static ExpectationResult noIncident(Expectation e, Duration inject, boolean over) {
        return new ExpectationResult(e, over ? State.MISSED : State.PENDING, inject, null, null,
                over ? "no incident was declared" : "waiting for an incident to be declared");
    }

    /** No silence on the status page longer than the limit, from declaring until resolving. */
    private ExpectationResult cadence(Expectation e, Duration inject, Duration now, boolean over) {
        Optional<IncidentFacts> found = facts.incidentFor(inject);
        if (found.isEmpty()) {
            return noIncident(e, inject, over);
        }
        IncidentFacts incident = found.get();
        List<Duration> marks = new ArrayList<>();
        marks.add(incident.declaredAt);
        marks.addAll(incident.publicUpdates);
        Optional<Duration> resolved = incident.resolvedAt();
        Duration end = resolved.orElse(now);
        for (int i = 0; i < marks.size(); i++) {
            Duration from = marks.get(i);
            Duration to = i + 1 < marks.size() ? marks.get(i + 1) : end;
            if (to.minus(from).compareTo(e.limit()) > 0) {
                Duration ranOut = from.plus(e.limit());
                return new ExpectationResult(e, State.MISSED, incident.declaredAt, ranOut, ranOut,
                        "no public update for more than " + format(e.limit()) + " after " + format(from));
            }
        }
        Duration last = marks.getLast();
        if (resolved.isPresent() || over) {
            return new ExpectationResult(e, State.MET, incident.declaredAt, null, end, incident.publicUpdates.size()
                    + " public updates, never more than " + format(e.limit()) + " apart");
        }
        return new ExpectationResult(e, State.PENDING, incident.declaredAt, last.plus(e.limit()), null,
                "next public update due by " + format(last.plus(e.limit())));
    }
}
