package dev.kunren.engine.oncall;

import dev.kunren.engine.timeline.EventRecord;
import dev.kunren.engine.timeline.TimelineEvent.AlertChanged;
import dev.kunren.engine.timeline.TimelineEvent.AlertState;
import dev.kunren.engine.timeline.TimelineEvent.PageAcknowledged;
import dev.kunren.engine.timeline.TimelineEvent.PageClosed;
import dev.kunren.engine.timeline.TimelineEvent.PageDelivered;
import dev.kunren.engine.timeline.TimelineEvent.PageEscalated;
import dev.kunren.engine.timeline.TimelineEvent.PageSent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A team's pages as its timeline tells them: whom each paged, at which level, how it reached them,
 * who acknowledged it and when. The console, chat and the report read pages from here alike.
 */
public final class Pages {

    /** One page, as it stands. Times are drill times; {@code alertFiredAt} is when its alert last began firing. */
    public static final class Page {
        private final String id;
        private final String rule;
        private final Duration alertFiredAt;
        private final Duration sentAt;
        private int level;
        private String person;
        private Duration levelSince;
        private final List<String> paged = new ArrayList<>();
        private final List<PageDelivered> deliveries = new ArrayList<>();
        private PageAcknowledged acknowledged;
        private Duration acknowledgedAt;
        private String closed;

        Page(String id, String rule, Duration alertFiredAt, Duration sentAt, String person) {
            this.id = id;
            this.rule = rule;
            this.alertFiredAt = alertFiredAt;
            this.sentAt = sentAt;
            this.level = 1;
            this.person = person;
            this.levelSince = sentAt;
            paged.add(person);
        }

        public String id() {
            return id;
        }

        public String rule() {
            return rule;
        }

        public int level() {
            return level;
        }

        /** Who the page is with now: the last level's person. */
        public String person() {
            return person;
        }

        /** Everyone it paged, level by level. */
        public List<String> paged() {
            return List.copyOf(paged);
        }

        public Duration sentAt() {
            return sentAt;
        }

        public Duration levelSince() {
            return levelSince;
        }

        /** From the alert firing to the first page. */
        public Duration timeToPage() {
            return sentAt.minus(alertFiredAt);
        }

        public List<PageDelivered> deliveries() {
            return List.copyOf(deliveries);
        }

        public Optional<PageAcknowledged> acknowledged() {
            return Optional.ofNullable(acknowledged);
        }

        /** From the first page to its acknowledgement. */
        public Optional<Duration> timeToAcknowledge() {
            return Optional.ofNullable(acknowledgedAt).map(at -> at.minus(sentAt));
        }

        public Optional<Duration> acknowledgedAt() {
            return Optional.ofNullable(acknowledgedAt);
        }

        /** Why it ended unanswered (its alert resolved, the drill ended), if it did. */
        public Optional<String> closed() {
            return Optional.ofNullable(closed);
        }

        /** Whether it still waits for someone to take it. */
        public boolean open() {
            return acknowledged == null && closed == null;
        }
    }

    private final Map<String, Page> pages = new LinkedHashMap<>();
    private final Map<String, Duration> firingSince = new LinkedHashMap<>();

    /** The pages in a team's events. */
    public static Pages replay(List<EventRecord> records) {
        Pages pages = new Pages();
        records.forEach(pages::apply);
        return pages;
    }

    public void apply(EventRecord record) {
        Duration at = record.at();
        switch (record.event()) {
            case AlertChanged a when a.state() == AlertState.FIRING -> firingSince.putIfAbsent(a.rule(), at);
            case AlertChanged a when a.state() == AlertState.RESOLVED -> firingSince.remove(a.rule());
            case PageSent s when s.level() == 1 -> pages.put(s.pageId(), new Page(s.pageId(), s.rule(),
                    firingSince.getOrDefault(s.rule(), at), at, s.person()));
            case PageEscalated e -> find(e.pageId()).ifPresent(p -> {
                p.level = e.to();
                p.person = e.person();
                p.levelSince = at;
                p.paged.add(e.person());
            });
            case PageDelivered d -> find(d.pageId()).ifPresent(p -> p.deliveries.add(d));
            case PageAcknowledged a -> find(a.pageId()).filter(Page::open).ifPresent(p -> {
                p.acknowledged = a;
                p.acknowledgedAt = at;
            });
            case PageClosed c -> find(c.pageId()).filter(Page::open).ifPresent(p -> p.closed = c.reason());
            default -> {
            }
        }
    }

    public List<Page> all() {
        return List.copyOf(pages.values());
    }

    public Optional<Page> find(String id) {
        return Optional.ofNullable(pages.get(id));
    }
}
