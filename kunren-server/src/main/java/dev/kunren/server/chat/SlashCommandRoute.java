package dev.kunren.server.chat;

import dev.kunren.engine.incident.IncidentException;
import dev.kunren.server.http.Exchange;
import dev.kunren.server.http.Problem;
import dev.kunren.server.http.Router;
import dev.kunren.server.incident.TeamDrill;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code POST /api/chat/slack}: Slack's slash command {@code /kunren}, signed with the Slack app's
 * signing secret. The channel it was typed in names the team (the facilitator links a team to its
 * channel); the sender's chat name is who did it. A request that is not Slack's, is older than five
 * minutes, or was seen before is a 401 and records nothing; everything else is answered in the
 * channel, to the sender alone, as Slack expects (200 within three seconds).
 */
public final class SlashCommandRoute {

    /** A team in a running drill, and where it talks. */
    public record Listener(TeamDrill drill, ChatSettings settings) {
    }

    /** The running drills' teams whose chat is this channel. */
    public interface Channels {
        List<Listener> listening(String channelId, String channelName);
    }

    /**
     * The other servers on the database, asked when no drill here listens to the channel: the
     * answer of the one whose drill does, as it gave it (Slack calls whichever server the load
     * balancer picks).
     */
    public interface OtherServers {
        Optional<byte[]> answer(Exchange x);

        OtherServers NONE = x -> Optional.empty();
    }

    /** Says, on an answer, that no drill of this server listens to the channel (so another server's may). */
    public static final String NOT_LISTENING = "Kunren-Not-Listening";

    private final Optional<SlackSignature> signature;
    private final Channels channels;
    private final OtherServers others;

    /** With no signing secret, slash commands are off: every request is refused (401), as none can be told genuine. */
    public SlashCommandRoute(Optional<String> signingSecret, Clock clock, Channels channels) {
        this(signingSecret, clock, channels, OtherServers.NONE);
    }

    /** Slash commands for this server's drills, and through it for those of the {@code others} on its database. */
    public SlashCommandRoute(Optional<String> signingSecret, Clock clock, Channels channels, OtherServers others) {
        this.signature = signingSecret.filter(s -> !s.isBlank()).map(s -> new SlackSignature(s, clock));
        this.channels = channels;
        this.others = others;
    }

    public void mount(Router router) {
        router.route("POST", "/api/chat/slack", Router.Access.of("Slack's request signature", this::verify), this::command);
    }

    /** Slack's signature, fresh and first seen; without a signing secret, nothing is. */
    private void verify(Exchange x) {
        SlackSignature verifier = signature.orElseThrow(() -> new Problem(401, "Unauthorized",
                "slash commands are off: start kunren serve with KUNREN_SLACK_SIGNING_SECRET set to the Slack app's signing secret"));
        verifier.verify(x.header("X-Slack-Request-Timestamp").orElse(null), x.header("X-Slack-Signature").orElse(null),
                x.request().body());
    }

    private void command(Exchange x) throws java.io.IOException {
        Map<String, String> form = form(x.bodyText());
        List<Listener> teams = channels.listening(form.getOrDefault("channel_id", ""), form.getOrDefault("channel_name", ""));
        String by = "@" + form.getOrDefault("user_name", form.getOrDefault("user_id", "someone")).replaceAll("[^\\p{L}\\p{N}._-]", "");
        by = by.substring(0, Math.min(by.length(), 64));
        String answer;
        if (teams.isEmpty()) {
            Optional<byte[]> theirs = others.answer(x);
            if (theirs.isPresent()) {
                x.bytes(200, "application/json", theirs.get());
                return;
            }
            x.responseHeader(NOT_LISTENING, "1");
            answer = "This channel is not a team's channel in a running drill. The facilitator links a team to it "
                    + "(the team's Chat settings: channel " + TeamChat.escape(form.getOrDefault("channel_name", "")) + ").";
        } else if (teams.size() > 1) {
            answer = "Several running drills' teams use this channel; the facilitator gives each team a channel of its own.";
        } else {
            answer = run(teams.getFirst(), by, form.getOrDefault("text", ""));
        }
        x.json(200, Map.of("response_type", "ephemeral", "text", answer));
    }

    private static String run(Listener team, String by, String text) {
        try {
            return ChatCommands.run(team.drill(), by, text, team.settings().language());
        } catch (IncidentException e) {
            return ":x: " + TeamChat.escape(e.getMessage());
        } catch (Problem e) {
            return ":x: " + TeamChat.escape(e.getMessage());
        }
    }

    /** An {@code application/x-www-form-urlencoded} body, as Slack sends a slash command. */
    static Map<String, String> form(String body) {
        Map<String, String> fields = new HashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                fields.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return fields;
    }
}
