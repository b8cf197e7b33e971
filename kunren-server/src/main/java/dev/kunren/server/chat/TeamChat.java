package dev.kunren.server.chat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kunren.engine.report.TimelineText;
import dev.kunren.engine.timeline.EventRecord;
import dev.kunren.engine.timeline.Timeline;
import dev.kunren.engine.timeline.TimelineEvent;
import dev.kunren.engine.timeline.TimelineEvent.AlertChanged;
import dev.kunren.engine.timeline.TimelineEvent.ChatPostFailed;
import dev.kunren.engine.timeline.TimelineEvent.DrillEnded;
import dev.kunren.engine.timeline.TimelineEvent.NotificationSent;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The incident bot of a drill: posts what happens to each team — alerts, acknowledgements,
 * incidents declared, status and severity moves, role hand-overs, notes, internal and public
 * updates, customer messages and answers, the drill's start and end — to the team's chat, as
 * Slack's incoming webhooks take it ({@code {"text": "…"}}). Each team's posts go out one at a
 * time in timeline order, off the drill's threads; a chat that is down costs the drill nothing.
 * Nothing the team may not see yet (the injected faults) is ever posted.
 */
public final class TeamChat implements AutoCloseable {

    /** Posts waiting per team; a chat that is this far behind is not worth the memory. */
    static final int QUEUE = 1000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Timeline timeline;
    private final Function<String, Optional<ChatSettings>> settings;
    private final Supplier<List<String>> teams;
    private final Supplier<Duration> drillTime;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Map<String, Poster> posters = new ConcurrentHashMap<>();
    private final AutoCloseable subscription;
    private volatile boolean ended;

    /**
     * Posts {@code timeline}'s events to each team's chat as {@code settings} name it at the time;
     * whole-drill events go to every team in {@code teams}.
     */
    public TeamChat(Timeline timeline, Function<String, Optional<ChatSettings>> settings, Supplier<List<String>> teams,
                    Supplier<Duration> drillTime) {
        this.timeline = timeline;
        this.settings = settings;
        this.teams = teams;
        this.drillTime = drillTime;
        this.subscription = timeline.subscribe(this::onEvent);
    }

    private void onEvent(EventRecord record) {
        if (!posted(record.event())) {
            return;
        }
        for (String team : record.team().isEmpty() ? teams.get() : List.of(record.team())) {
            settings.apply(team).filter(s -> s.webhook() != null).ifPresent(s -> poster(team).post(record, s));
        }
        if (record.event() instanceof DrillEnded) {
            ended = true;  // nothing is recorded after the drill's end: its last posts go out unrecorded
            posters.values().forEach(p -> p.executor.shutdown());
        }
    }

    /** What a real incident bot posts: what the team lives through, never the facilitator's secrets nor the bot's own notes. */
    private static final java.util.Set<Class<? extends TimelineEvent>> POSTED = java.util.Set.of(
            TimelineEvent.DrillStarted.class, TimelineEvent.DrillPaused.class, TimelineEvent.DrillResumed.class, DrillEnded.class,
            AlertChanged.class, TimelineEvent.AlertAcknowledged.class,
            TimelineEvent.IncidentDeclared.class, TimelineEvent.IncidentStatusChanged.class, TimelineEvent.IncidentSeverityChanged.class,
            TimelineEvent.RoleAssigned.class, TimelineEvent.RoleReleased.class, TimelineEvent.IncidentNoteAdded.class,
            TimelineEvent.InternalUpdatePosted.class, TimelineEvent.PublicUpdatePosted.class, TimelineEvent.ActionItemAdded.class,
            TimelineEvent.MessageDelivered.class, TimelineEvent.MessageAnswered.class,
            TimelineEvent.StopConditionTripped.class, TimelineEvent.AgentLost.class,
            TimelineEvent.PageSent.class, TimelineEvent.PageEscalated.class, TimelineEvent.PageAcknowledged.class);

    static boolean posted(TimelineEvent event) {
        return POSTED.contains(event.getClass());
    }

    /** The chat message for an event: its drill time, a mark, and the timeline's own line for it, escaped for Slack. */
    public static Optional<String> text(EventRecord record, String language) {
        return TimelineText.describe(record, language).map(line -> "`" + clock(record.at()) + "` " + mark(record.event()) + " "
                + escape(line));
    }

    private static String mark(TimelineEvent event) {
        return switch (event) {
            case AlertChanged a when a.state() == TimelineEvent.AlertState.FIRING -> ":rotating_light:";
            case AlertChanged a -> ":white_check_mark:";
            case TimelineEvent.AlertAcknowledged a -> ":eyes:";
            case TimelineEvent.IncidentDeclared d -> ":fire:";
            case TimelineEvent.PublicUpdatePosted u -> ":loudspeaker:";
            case TimelineEvent.InternalUpdatePosted u -> ":speech_balloon:";
            case TimelineEvent.MessageDelivered m -> ":telephone_receiver:";
            case TimelineEvent.StopConditionTripped s -> ":octagonal_sign:";
            case TimelineEvent.AgentLost s -> ":electric_plug:";
            case TimelineEvent.PageSent p -> ":pager:";
            case TimelineEvent.PageEscalated p -> ":arrow_double_up:";
            case TimelineEvent.PageAcknowledged p -> ":pager:";
            case TimelineEvent.DrillStarted s -> ":checkered_flag:";
            case TimelineEvent.DrillEnded s -> ":checkered_flag:";
            default -> ":small_blue_diamond:";
        };
    }

    /** Slack reads {@code &}, {@code <} and {@code >} as markup: a member's text must not ping {@code <!channel>} or fake a link. */
    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static String clock(Duration at) {
        long seconds = at.toSeconds();
        return String.format(java.util.Locale.ROOT, "%02d:%02d", seconds / 60, seconds % 60);
    }

    private Poster poster(String team) {
        return posters.computeIfAbsent(team, Poster::new);
    }

    /** Waits, at most {@code bound}, for the posts of an ended drill to go out (its last one says it ended), then stops. */
    public void finish(Duration bound) {
        long deadline = System.nanoTime() + bound.toNanos();
        for (Poster poster : posters.values()) {
            poster.executor.shutdown();
            try {
                poster.executor.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        close();
    }

    /** Stops posting: what is still queued is dropped. */
    @Override
    public void close() {
        try {
            subscription.close();
        } catch (Exception e) {
            // removing a subscriber does not fail
        }
        posters.values().forEach(p -> p.executor.shutdownNow());
    }

    /** One team's posts, one at a time, in order. */
    private final class Poster {
        private final String team;
        private final ThreadPoolExecutor executor;
        private volatile boolean failing;

        Poster(String team) {
            this.team = team;
            this.executor = new ThreadPoolExecutor(1, 1, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(QUEUE),
                    Thread.ofPlatform().name("chat-" + team).daemon().factory(), new ThreadPoolExecutor.DiscardPolicy());
            executor.allowCoreThreadTimeOut(true);
        }

        void post(EventRecord record, ChatSettings to) {
            Optional<String> text = text(record, to.language());
            if (text.isPresent() && !executor.isShutdown()) {
                executor.execute(() -> deliver(record.event(), to.webhook(), text.get()));
            }
        }

        private void deliver(TimelineEvent event, URI webhook, String text) {
            String outcome = send(webhook, text);
            boolean delivered = outcome.startsWith("HTTP 2");
            if (ended) {
                return;
            }
            if (event instanceof AlertChanged alert) {
                timeline.append(team, drillTime.get(), new NotificationSent(alert.rule(), alert.state(), "chat", delivered, outcome));
            } else if (!delivered && !failing) {
                timeline.append(team, drillTime.get(), new ChatPostFailed(webhook.getHost(), outcome));
            }
            failing = !delivered;
        }

        private String send(URI webhook, String text) {
            try {
                HttpRequest request = HttpRequest.newBuilder(webhook).timeout(Duration.ofSeconds(5))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("text", text)))).build();
                return "HTTP " + client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            } catch (JsonProcessingException e) {
                return e.getOriginalMessage();
            } catch (IOException e) {
                return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "interrupted";
            }
        }
    }
}
