package dev.kunren.engine.oncall;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Who is paged when an alert fires, as a scenario's {@code oncall:} says it: a rotation of named
 * people (each on call for {@code rotation} of drill time in turn, from the drill's start), overrides
 * (someone covers a stretch), an escalation policy (unacknowledged for {@code after}: page the next
 * level), and people the scenario makes unavailable ("the usual responder is on holiday").
 *
 * @param unavailable why each unavailable person is (their pages go unanswered)
 */
public record OnCall(List<Person> people, Duration rotation, List<Cover> overrides, List<Step> escalation,
                     Map<String, String> unavailable) {

    /** Escalating to the person after the one paged, in the rotation's order. */
    public static final String NEXT = "next";
    /** Escalating to the facilitator: the last resort, seen on the facilitator's console. */
    public static final String FACILITATOR = "facilitator";

    /** Someone who can be paged, and how: a webhook (PagerDuty Events API v2 style) and an e-mail address, each optional. */
    public record Person(String name, String email, String webhook) {
    }

    /** {@code person} is on call from {@code from} until {@code to}, whatever the rotation says. */
    public record Cover(String person, Duration from, Duration to) {
    }

    /** Unacknowledged for {@code after} at the level before: page {@code to} (a person, {@link #NEXT} or {@link #FACILITATOR}). */
    public record Step(Duration after, String to) {
    }

    public OnCall {
        people = List.copyOf(people);
        overrides = List.copyOf(overrides);
        escalation = List.copyOf(escalation);
        unavailable = Map.copyOf(unavailable);
    }

    /** Who is on call at drill time {@code t}: the latest override covering it, else the rotation's turn. */
    public String onCallAt(Duration t) {
        for (Cover cover : overrides.reversed()) {
            if (cover.from().compareTo(t) <= 0 && t.compareTo(cover.to()) < 0) {
                return cover.person();
            }
        }
        long turn = rotation.isZero() ? 0 : t.toMillis() / rotation.toMillis();
        return people.get((int) (turn % people.size())).name();
    }

    /** Who level {@code level + 1} pages when the page at {@code level} (which went to {@code paged}) goes unanswered. */
    public Optional<String> escalationAfter(int level, String paged) {
        if (level > escalation.size()) {
            return Optional.empty();
        }
        String to = escalation.get(level - 1).to();
        if (!to.equals(NEXT)) {
            return Optional.of(to);
        }
        int at = indexOf(paged);
        return Optional.of(people.get(at < 0 ? 0 : (at + 1) % people.size()).name());
    }

    /** How long level {@code level} waits for an acknowledgement before escalating; empty at the last level. */
    public Optional<Duration> waitAt(int level) {
        return level > escalation.size() ? Optional.empty() : Optional.of(escalation.get(level - 1).after());
    }

    public Optional<Person> person(String name) {
        return people.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    /** Why {@code name} cannot answer in this drill, if the scenario says so. */
    public Optional<String> whyUnavailable(String name) {
        return Optional.ofNullable(unavailable.get(name));
    }

    private int indexOf(String name) {
        for (int i = 0; i < people.size(); i++) {
            if (people.get(i).name().equals(name)) {
                return i;
            }
        }
        return -1;
    }
}
