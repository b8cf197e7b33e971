package dev.kunren.engine.timeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kunren.engine.timeline.TimelineEvent.TeamJoined;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * One ordered truth: with 16 threads appending at once, every subscriber and every reader — fast
 * or slow — sees 1..N in order with no gap, and a slow reader holds nothing of its own.
 */
class TimelineOrderTest {

    private static final int APPENDERS = 16;
    private static final int PER_APPENDER = 2_000;
    private static final long TOTAL = (long) APPENDERS * PER_APPENDER;

    @Test
    void subscribers_see_every_event_in_sequence_order_under_concurrent_appends() throws Exception {
        Timeline timeline = new Timeline("d", record -> { }, Clock.systemUTC());
        List<List<Long>> seen = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            List<Long> mine = Collections.synchronizedList(new ArrayList<>());
            seen.add(mine);
            boolean slow = i % 10 == 0;
            timeline.subscribe(record -> {
                mine.add(record.seq());
                if (slow && record.seq() % 1_000 == 0) {
                    Thread.onSpinWait();  // a subscriber that takes its time now and then
                }
            });
        }
        appendConcurrently(timeline);

        List<Long> expected = LongStream.rangeClosed(1, TOTAL).boxed().toList();
        for (List<Long> mine : seen) {
            assertThat(mine).containsExactlyElementsOf(expected);
        }
    }

    @Test
    void readers_that_lag_behind_catch_up_in_order_and_hold_nothing() throws Exception {
        Timeline timeline = new Timeline("d", record -> { }, Clock.systemUTC());
        try (ExecutorService readers = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<List<Long>>> results = new ArrayList<>();
            CountDownLatch ready = new CountDownLatch(50);
            for (int i = 0; i < 50; i++) {
                boolean slow = i % 5 == 0;
                results.add(readers.submit(() -> {
                    ready.countDown();
                    List<Long> read = new ArrayList<>();
                    for (long seq = 1; seq <= TOTAL; seq++) {
                        EventRecord record = timeline.await(seq, Duration.ofSeconds(30));
                        read.add(record.seq());
                        if (slow && seq % 500 == 0) {
                            TimeUnit.MILLISECONDS.sleep(1);  // a browser on a slow link
                        }
                    }
                    return read;
                }));
            }
            ready.await();
            appendConcurrently(timeline);
            List<Long> expected = LongStream.rangeClosed(1, TOTAL).boxed().toList();
            for (Future<List<Long>> result : results) {
                assertThat(result.get(60, TimeUnit.SECONDS)).containsExactlyElementsOf(expected);
            }
        }
    }

    @Test
    void a_subscriber_that_appends_does_not_reorder_what_others_see() {
        Timeline timeline = new Timeline("d", record -> { }, Clock.systemUTC());
        List<Long> second = new ArrayList<>();
        timeline.subscribe(record -> {
            if (record.seq() == 1) {
                timeline.append(Duration.ZERO, new TeamJoined("from a subscriber"));
            }
        });
        timeline.subscribe(record -> second.add(record.seq()));
        timeline.append(Duration.ZERO, new TeamJoined("first"));
        assertThat(second).containsExactly(1L, 2L);
    }

    @Test
    void a_failing_subscriber_does_not_stop_the_others_or_the_appender() {
        Timeline timeline = new Timeline("d", record -> { }, Clock.systemUTC());
        List<Long> others = new ArrayList<>();
        timeline.subscribe(record -> {
            throw new IllegalStateException("broken subscriber");
        });
        timeline.subscribe(record -> others.add(record.seq()));
        timeline.append(Duration.ZERO, new TeamJoined("a"));
        timeline.append(Duration.ZERO, new TeamJoined("b"));
        assertThat(others).containsExactly(1L, 2L);
    }

    @Test
    void waiting_for_an_event_not_yet_appended_ends_at_its_bound() throws Exception {
        Timeline timeline = new Timeline("d", record -> { }, Clock.systemUTC());
        assertThat(timeline.await(1, Duration.ofMillis(20))).isNull();
        timeline.append(Duration.ZERO, new TeamJoined("a"));
        assertThat(timeline.await(1, Duration.ofMillis(20)).seq()).isEqualTo(1);
    }

    @Test
    void a_follower_takes_stored_events_once_in_order_and_waits_out_a_gap() throws Exception {
        Timeline runner = new Timeline("d", record -> { }, Clock.systemUTC());
        for (int i = 0; i < 5; i++) {
            runner.append(Duration.ofSeconds(i), new TeamJoined("m" + i));
        }
        List<EventRecord> stored = runner.records();
        List<EventRecord> written = new ArrayList<>();
        Timeline follower = Timeline.continuing("d", written::add, Clock.systemUTC(), stored.subList(0, 2));
        List<Long> seen = Collections.synchronizedList(new ArrayList<>());
        follower.subscribe(record -> seen.add(record.seq()));

        assertThat(follower.follow(List.of(stored.get(1), stored.get(3)))).as("event 3 not read yet: 4 waits").isZero();
        assertThat(follower.await(3, Duration.ofMillis(10))).isNull();
        assertThat(follower.follow(stored)).isEqualTo(3);
        assertThat(follower.follow(stored)).as("nothing taken twice").isZero();

        assertThat(follower.records()).isEqualTo(stored);
        assertThat(follower.await(5, Duration.ofMillis(10))).isEqualTo(stored.get(4));
        assertThat(seen).containsExactly(3L, 4L, 5L);
        assertThat(written).as("what another process stored is not written again").isEmpty();
    }

    private static void appendConcurrently(Timeline timeline) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        try (ExecutorService appenders = Executors.newFixedThreadPool(APPENDERS)) {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < APPENDERS; t++) {
                String team = "team-" + t;
                done.add(appenders.submit(() -> {
                    go.await();
                    for (int i = 0; i < PER_APPENDER; i++) {
                        timeline.append(team, Duration.ofMillis(i), new TeamJoined("m" + i));
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
        }
    }
}
