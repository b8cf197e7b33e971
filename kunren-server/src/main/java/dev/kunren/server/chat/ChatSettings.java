package dev.kunren.server.chat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kunren.engine.report.Words;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;

/**
 * Where a team talks during a drill: the incoming webhook Kunren posts the incident to (Slack,
 * Mattermost and Rocket.Chat all take Slack's), the channel whose {@code /kunren} commands act
 * for the team, and the language the posts are written in.
 *
 * @param webhook  the incoming webhook's URL, or null to post nothing
 * @param channel  the channel's id or name (without {@code #}), or empty for no slash commands
 * @param language {@code en} or {@code ja}
 */
public record ChatSettings(URI webhook, String channel, String language) {

    static final int MAX_URL = 2000;

    public ChatSettings {
        channel = channel == null ? "" : channel;
        language = language == null ? "en" : language;
    }

    /** The settings in a request body; a URL that is not http(s), or an unknown language, is the caller's to fix. */
    public static ChatSettings parse(JsonNode body) {
        String url = body.path("webhook").asText("").strip();
        String channel = body.path("channel").asText("").strip();
        if (channel.startsWith("#")) {
            channel = channel.substring(1);
        }
        if (!channel.matches("[\\p{L}\\p{N}._-]{0,80}")) {
            throw new IllegalArgumentException("a channel is its id (C0123ABC) or its name without spaces, at most 80 characters");
        }
        String language = body.path("language").asText("en");
        if (!Words.LANGUAGES.contains(language)) {
            throw new IllegalArgumentException("language must be one of " + String.join(", ", Words.LANGUAGES) + ", not " + language);
        }
        return new ChatSettings(url.isEmpty() ? null : webhook(url), channel, language);
    }

    /** An absolute http(s) URL, as chat services give an incoming webhook. */
    public static URI webhook(String url) {
        if (url.length() > MAX_URL) {
            throw new IllegalArgumentException("a webhook URL is at most " + MAX_URL + " characters");
        }
        try {
            URI uri = new URI(url);
            String scheme = String.valueOf(uri.getScheme()).toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
                throw new IllegalArgumentException("a webhook is an http:// or https:// URL, such as "
                        + "https://hooks.slack.com/services/T000/B000/XXXX, not " + url);
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("a webhook is an http:// or https:// URL, not " + url + " (" + e.getReason() + ")");
        }
    }

    public Optional<URI> postsTo() {
        return Optional.ofNullable(webhook);
    }

    /** Whether a slash command from this channel (its id or its name, as Slack sends both) is this team's. */
    public boolean listensTo(String channelId, String channelName) {
        return !channel.isEmpty() && (channel.equals(channelId) || channel.equalsIgnoreCase(channelName));
    }

    /** What the facilitator sees: where posts go (host only: the URL's path is the webhook's secret). */
    public java.util.Map<String, Object> describe() {
        return java.util.Map.of("webhook", webhook == null ? "" : webhook.getScheme() + "://" + webhook.getAuthority() + "/…",
                "channel", channel, "language", language);
    }
}
