package dev.kunren.engine.oncall;

import dev.kunren.engine.timeline.EventRecord;
import dev.kunren.engine.timeline.TimelineEvent;
import dev.kunren.engine.timeline.TimelineEvent.AlertChanged;
import dev.kunren.engine.timeline.TimelineEvent.AlertState;
import dev.kunren.engine.timeline.TimelineEvent.PageAcknowledged;
import dev.kunren.engine.timeline.TimelineEvent.PageClosed;
import dev.kunren.engine.timeline.TimelineEvent.PageEscalated;
import dev.kunren.engine.timeline.TimelineEvent.PageSent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One team's pager in drill time: an alert that fires pages whoever is on call (one page per alert
 * until it resolves); a page not acknowledged within its level's wait escalates, exactly at the
 * limit, to the next level; an acknowledgement stops it; the alert resolving closes it. Told the
 * team's events by {@link #observe}, asked once a drill second by {@link #tick}, which says what to
 * record.
 */
public final class Pager {

    private final OnCall onCall;
    private final Set<String> fired = new LinkedHashSet<>();
    private final Set<String> resolved = new LinkedHashSet<>();
    private final Set<String> acknowledged = new LinkedHashSet<>();
    /** Open pages by alert rule. */
    private final Map<String, Open> open = new LinkedHashMap<>();
    private int pages;

    private static final class Open {
        final String id;
        int level = 1;
        String person;
        Duration since;

        Open(String id, String person, Duration since) {
            this.id = id;
            this.person = person;
            this.since = since;
        }
    }

    public Pager(OnCall onCall) {
        this.onCall = onCall;
    }

    /** Takes note of one of the team's events: alerts firing and resolving, pages acknowledged. */
    public synchronized void observe(EventRecord record) {
        switch (record.event()) {
            case AlertChanged a when a.state() == AlertState.FIRING -> {
                fired.add(a.rule());
                resolved.remove(a.rule());
            }
            case AlertChanged a when a.state() == AlertState.RESOLVED -> resolved.add(a.rule());
            case PageAcknowledged a -> acknowledged.add(a.pageId());
            default -> {
            }
        }
    }

    /**
     * Takes up the team's pages where its timeline leaves them (a drill taken back after a crash):
     * pages still open at the level and since the time they were last sent, alerts that fired or
     * resolved since the pager last looked, and the numbering of pages.
     */
    public synchronized void restore(List<EventRecord> teamRecords) {
        for (EventRecord record : teamRecords) {
            switch (record.event()) {
                case PageSent sent -> {
                    pages = Math.max(pages, number(sent.pageId()));
                    Open page = open.get(sent.rule());
                    if (page == null || !page.id.equals(sent.pageId())) {  // a new page for the rule, not an escalation
                        page = new Open(sent.pageId(), sent.person(), record.at());
                        open.put(sent.rule(), page);
                    }
                    page.level = sent.level();
                    page.person = sent.person();
                    page.since = record.at();
                    fired.remove(sent.rule());
                }
                case PageClosed closed -> {
                    open.remove(closed.rule());
                    resolved.remove(closed.rule());
                }
                case AlertChanged a when a.state() == AlertState.FIRING -> {
                    if (!open.containsKey(a.rule())) {
                        fired.add(a.rule());
                    }
                    resolved.remove(a.rule());
                }
                case AlertChanged a when a.state() == AlertState.RESOLVED -> {
                    fired.remove(a.rule());
                    if (open.containsKey(a.rule())) {
                        resolved.add(a.rule());
                    }
                }
                case PageAcknowledged a -> {
                    acknowledged.add(a.pageId());
                    open.values().removeIf(page -> page.id.equals(a.pageId()));  // as the next tick did
                }
                default -> {
                }
            }
        }
    }

    private static int number(String pageId) {
        try {
            return Integer.parseInt(pageId.substring(pageId.indexOf('-') + 1));
        } catch (RuntimeException e) {
            return 0;
        }
    }

    /** What happens to the team's pages at drill time {@code t}, in the order to record it. */
    public synchronized List<TimelineEvent> tick(Duration t) {
        List<TimelineEvent> events = new ArrayList<>();
        for (var it = open.entrySet().iterator(); it.hasNext(); ) {
            var entry = it.next();
            Open page = entry.getValue();
            if (acknowledged.contains(page.id)) {
                it.remove();
            } else if (resolved.contains(entry.getKey())) {
                events.add(new PageClosed(page.id, entry.getKey(), "alert resolved"));
                it.remove();
            }
        }
        for (String rule : fired) {
            if (!open.containsKey(rule) && !resolved.contains(rule)) {
                Open page = new Open("PG-" + ++pages, onCall.onCallAt(t), t);
                open.put(rule, page);
                events.add(new PageSent(page.id, rule, 1, page.person));
            }
        }
        fired.clear();
        resolved.clear();
        for (var entry : open.entrySet()) {
            Open page = entry.getValue();
            var wait = onCall.waitAt(page.level);
            if (wait.isPresent() && t.compareTo(page.since.plus(wait.get())) >= 0) {
                String next = onCall.escalationAfter(page.level, page.person).orElseThrow();
                events.add(new PageEscalated(page.id, entry.getKey(), page.level, page.level + 1, next));
                page.level++;
                page.person = next;
                page.since = t;
                events.add(new PageSent(page.id, entry.getKey(), page.level, next));
            }
        }
        return events;
    }

    /** At the drill's end: every page still open closes unanswered. */
    public synchronized List<TimelineEvent> closeAll() {
        List<TimelineEvent> events = new ArrayList<>();
        open.forEach((rule, page) -> {
            if (!acknowledged.contains(page.id)) {
                events.add(new PageClosed(page.id, rule, "the drill ended"));
            }
        });
        open.clear();
        return events;
    }
}
