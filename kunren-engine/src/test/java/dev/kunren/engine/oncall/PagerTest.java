package dev.kunren.engine.oncall;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kunren.engine.timeline.EventRecord;
import dev.kunren.engine.timeline.TimelineEvent;
import dev.kunren.engine.timeline.TimelineEvent.AlertChanged;
import dev.kunren.engine.timeline.TimelineEvent.AlertState;
import dev.kunren.engine.timeline.TimelineEvent.PageAcknowledged;
import dev.kunren.engine.timeline.TimelineEvent.PageClosed;
import dev.kunren.engine.timeline.TimelineEvent.PageEscalated;
import dev.kunren.engine.timeline.TimelineEvent.PageSent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Who is on call, and when a page escalates: in drill time, exactly at each limit. */
class PagerTest {

    private static final OnCall ON_CALL = new OnCall(
            List.of(new OnCall.Person("alice", "", ""), new OnCall.Person("bob", "", ""), new OnCall.Person("carol", "", "")),
            Duration.ofHours(1),
            List.of(new OnCall.Cover("carol", Duration.ofMinutes(10), Duration.ofMinutes(20))),
            List.of(new OnCall.Step(Duration.ofMinutes(5), OnCall.NEXT), new OnCall.Step(Duration.ofMinutes(3), OnCall.FACILITATOR)),
            Map.of());

    private final Pager pager = new Pager(ON_CALL);

    private static Duration s(long seconds) {
        return Duration.ofSeconds(seconds);
    }

    private void see(long at, TimelineEvent event) {
        pager.observe(new EventRecord("d", 1, "red", s(at), Instant.EPOCH, event));
    }

    private static AlertChanged alert(String rule, AlertState state) {
        return new AlertChanged(rule, "critical", state, rule, 1, "");
    }

    @Test
    void the_rotation_hands_over_each_period_and_an_override_covers_its_stretch() {
        assertThat(ON_CALL.onCallAt(s(0))).isEqualTo("alice");
        assertThat(ON_CALL.onCallAt(s(599))).isEqualTo("alice");
        assertThat(ON_CALL.onCallAt(s(600))).as("the override begins").isEqualTo("carol");
        assertThat(ON_CALL.onCallAt(s(1199))).isEqualTo("carol");
        assertThat(ON_CALL.onCallAt(s(1200))).as("and ends").isEqualTo("alice");
        assertThat(ON_CALL.onCallAt(s(3599))).isEqualTo("alice");
        assertThat(ON_CALL.onCallAt(s(3600))).isEqualTo("bob");
        assertThat(ON_CALL.onCallAt(s(7200))).isEqualTo("carol");
        assertThat(ON_CALL.onCallAt(s(10800))).as("round again").isEqualTo("alice");
    }

    @Test
    void an_unanswered_page_escalates_exactly_at_each_limit_to_the_next_person_then_the_facilitator() {
        see(60, alert("HighLatency", AlertState.FIRING));
        assertThat(pager.tick(s(60))).containsExactly(new PageSent("PG-1", "HighLatency", 1, "alice"));
        assertThat(pager.tick(s(359))).as("a second before the limit").isEmpty();
        assertThat(pager.tick(s(360))).containsExactly(new PageEscalated("PG-1", "HighLatency", 1, 2, "bob"),
                new PageSent("PG-1", "HighLatency", 2, "bob"));
        assertThat(pager.tick(s(539))).isEmpty();
        assertThat(pager.tick(s(540))).containsExactly(new PageEscalated("PG-1", "HighLatency", 2, 3, OnCall.FACILITATOR),
                new PageSent("PG-1", "HighLatency", 3, OnCall.FACILITATOR));
        assertThat(pager.tick(s(5000))).as("the facilitator is the last level").isEmpty();
        see(5001, new PageAcknowledged("PG-1", "HighLatency", "facilitator", "console"));
        see(5002, alert("HighLatency", AlertState.RESOLVED));
        assertThat(pager.tick(s(5002))).as("an acknowledged page does not close again").isEmpty();
    }

    @Test
    void an_acknowledged_page_stops_and_a_resolved_alert_closes_its_page_and_one_alert_pages_once() {
        see(0, alert("A", AlertState.FIRING));
        see(0, alert("B", AlertState.FIRING));
        assertThat(pager.tick(s(0))).containsExactly(new PageSent("PG-1", "A", 1, "alice"), new PageSent("PG-2", "B", 1, "alice"));
        see(10, alert("A", AlertState.FIRING));
        assertThat(pager.tick(s(10))).as("still the same alert firing").isEmpty();
        see(100, new PageAcknowledged("PG-1", "A", "alice", "link"));
        see(200, alert("B", AlertState.RESOLVED));
        assertThat(pager.tick(s(200))).containsExactly(new PageClosed("PG-2", "B", "alert resolved"));
        assertThat(pager.tick(s(1000))).as("nothing escalates").isEmpty();
        see(1100, alert("B", AlertState.FIRING));
        assertThat(pager.tick(s(1100))).as("firing again is a new page, to whoever is on call now")
                .containsExactly(new PageSent("PG-3", "B", 1, "carol"));
        assertThat(pager.closeAll()).containsExactly(new PageClosed("PG-3", "B", "the drill ended"));
    }

    @Test
    void a_pager_restored_from_the_timeline_goes_on_as_the_one_it_replaces() {
        List<EventRecord> recorded = new java.util.ArrayList<>();
        java.util.function.BiConsumer<Long, TimelineEvent> record = (at, event) -> {
            EventRecord r = new EventRecord("d", recorded.size() + 1, "red", s(at), Instant.EPOCH, event);
            recorded.add(r);
            pager.observe(r);
        };
        java.util.function.LongConsumer tick = at -> pager.tick(s(at)).forEach(event -> record.accept(at, event));
        record.accept(60L, alert("A", AlertState.FIRING));
        tick.accept(60);
        record.accept(90L, new PageAcknowledged("PG-1", "A", "alice", "link"));
        tick.accept(91);
        record.accept(120L, alert("A", AlertState.RESOLVED));
        tick.accept(120);
        record.accept(200L, alert("A", AlertState.FIRING));
        tick.accept(200);
        record.accept(230L, alert("B", AlertState.FIRING));  // the process stops before the pager sees it

        Pager restored = new Pager(ON_CALL);
        restored.restore(recorded);

        assertThat(restored.tick(s(231))).as("B fired just before the stop: paged now")
                .containsExactly(new PageSent("PG-3", "B", 1, "alice"));
        assertThat(restored.tick(s(499))).isEmpty();
        assertThat(restored.tick(s(500))).as("PG-2, not the acknowledged PG-1, escalates five minutes after 3:20")
                .containsExactly(new PageEscalated("PG-2", "A", 1, 2, "bob"), new PageSent("PG-2", "A", 2, "bob"));
    }
}
