package dev.kunren.server.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kunren.engine.timeline.EventRecord;
import dev.kunren.engine.timeline.Timeline;
import dev.kunren.engine.timeline.TimelineEvent;
import dev.kunren.engine.timeline.TimelineEvent.AlertState;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The incident bot posts, in order, exactly what each team lives through to the team's own chat. */
class TeamChatTest {

    private final ChatReceiver chat;
    private final Timeline timeline = new Timeline("chat", record -> { }, Clock.systemUTC());
    private final Map<String, ChatSettings> settings = new java.util.concurrent.ConcurrentHashMap<>();
    private final TeamChat bot;

    TeamChatTest() throws Exception {
        chat = new ChatReceiver();
        settings.put("red", new ChatSettings(URI.create(chat.url("red")), "red-room", "en"));
        settings.put("blue", new ChatSettings(URI.create(chat.url("blue")), "", "ja"));
        bot = new TeamChat(timeline, team -> Optional.ofNullable(settings.get(team)), () -> List.copyOf(settings.keySet()),
                () -> Duration.ofSeconds(99));
    }

    @AfterEach
    void close() {
        bot.close();
        chat.close();
    }

    private static TimelineEvent.DrillStarted started() {
        return new TimelineEvent.DrillStarted("checkout", "Checkout fails", 1, 7, Duration.ofMinutes(10), 99, Duration.ofMillis(300),
                Duration.ofSeconds(10), List.of("web-1"), List.of("red", "blue"), Map.of("ja", "決済が失敗する"), "shop");
    }

    @Test
    void each_team_hears_its_own_incident_in_its_language_and_never_the_injected_faults() {
        timeline.append(Duration.ZERO, started());
        timeline.append("red", Duration.ofSeconds(60), new TimelineEvent.FaultInjected("kill-web-1", "kill-instance", "web-1",
                Map.of(), Duration.ofMinutes(3), List.of()));
        timeline.append("red", Duration.ofSeconds(70), new TimelineEvent.AlertChanged("availability-low", "critical",
                AlertState.FIRING, "more than 1% of requests fail", 75.25, "availability < 99%"));
        timeline.append("red", Duration.ofSeconds(75), new TimelineEvent.AlertAcknowledged("availability-low", "@alice"));
        timeline.append("red", Duration.ofSeconds(80), new TimelineEvent.IncidentDeclared("INC-1", "Checkout <!channel> fails & more",
                "SEV2", List.of(), "@alice", ""));
        timeline.append("red", Duration.ofSeconds(81), new TimelineEvent.RoleAssigned("INC-1", "incident-commander", "bob", "bob"));
        timeline.append("red", Duration.ofSeconds(90), new TimelineEvent.PublicUpdatePosted("INC-1", "INVESTIGATING",
                "We are looking into failed checkouts.", Map.of(), "bob"));
        timeline.append("red", Duration.ofSeconds(95), new TimelineEvent.IncidentStatusChanged("INC-1", "INVESTIGATING", "IDENTIFIED",
                "bob"));
        timeline.append("blue", Duration.ofSeconds(100), new TimelineEvent.IncidentDeclared("INC-1", "Slow pages", "SEV3", List.of(),
                "carol", ""));
        timeline.append(Duration.ofSeconds(600), new TimelineEvent.DrillEnded(TimelineEvent.EndReason.COMPLETED, ""));

        await().atMost(Duration.ofSeconds(30)).until(() -> chat.posts("red").size() == 8 && chat.posts("blue").size() == 3);
        assertThat(chat.posts("red")).containsExactly(
                "{\"text\":\"`00:00` :checkered_flag: Drill started: Checkout fails\"}",
                "{\"text\":\"`01:10` :rotating_light: Alert availability-low firing: more than 1% of requests fail\"}",
                "{\"text\":\"`01:15` :eyes: Alert availability-low acknowledged by @alice\"}",
                "{\"text\":\"`01:20` :fire: @alice declared INC-1: Checkout &lt;!channel&gt; fails &amp; more (SEV2)\"}",
                "{\"text\":\"`01:21` :small_blue_diamond: bob is incident-commander of INC-1\"}",
                "{\"text\":\"`01:30` :loudspeaker: Status page (bob, investigating): We are looking into failed checkouts.\"}",
                "{\"text\":\"`01:35` :small_blue_diamond: INC-1 investigating → identified (bob)\"}",
                "{\"text\":\"`10:00` :checkered_flag: Drill ended (completed)\"}");
        assertThat(chat.posts("blue")).containsExactly(
                "{\"text\":\"`00:00` :checkered_flag: 訓練開始：決済が失敗する\"}",
                "{\"text\":\"`01:40` :fire: carol が INC-1 を宣言：Slow pages（SEV3）\"}",
                "{\"text\":\"`10:00` :checkered_flag: 訓練終了（最後まで実施）\"}");
    }

    @Test
    void an_alert_post_is_recorded_as_a_notification_and_a_chat_that_is_down_is_recorded_once() {
        timeline.append(Duration.ZERO, started());
        timeline.append("red", Duration.ofSeconds(70), new TimelineEvent.AlertChanged("availability-low", "critical",
                AlertState.FIRING, "more than 1% of requests fail", 75.25, "availability < 99%"));
        await().atMost(Duration.ofSeconds(30)).until(() -> recorded(TimelineEvent.NotificationSent.class).size() == 1);
        assertThat(recorded(TimelineEvent.NotificationSent.class).getFirst().event())
                .isEqualTo(new TimelineEvent.NotificationSent("availability-low", AlertState.FIRING, "chat", true, "HTTP 200"));

        chat.answer(500);
        for (int i = 1; i <= 3; i++) {
            timeline.append("red", Duration.ofSeconds(80 + i), new TimelineEvent.IncidentNoteAdded("INC-1", "note " + i, "bob"));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> chat.posts("red").size() == 5);
        assertThat(recorded(TimelineEvent.ChatPostFailed.class)).singleElement().satisfies(r -> {
            assertThat(r.team()).isEqualTo("red");
            assertThat(r.event()).isEqualTo(new TimelineEvent.ChatPostFailed("127.0.0.1", "HTTP 500"));
        });
        assertThat(recorded(TimelineEvent.ChatPostFailed.class).getFirst().at()).isEqualTo(Duration.ofSeconds(99));
    }

    private List<EventRecord> recorded(Class<? extends TimelineEvent> type) {
        return timeline.records().stream().filter(r -> type.isInstance(r.event())).toList();
    }
}
