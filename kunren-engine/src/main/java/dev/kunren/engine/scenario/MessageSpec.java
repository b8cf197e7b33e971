package dev.kunren.engine.scenario;

import java.time.Duration;
import java.util.Map;

/**
 * A message inject: someone outside the response team gets in touch at a moment of the drill — a
 * customer calls, sales asks whether the shop is down, a manager wants an ETA.
 *
 * @param from    who it is, as the team sees it ("Sato, ACME Corp (customer)")
 * @param channel how it arrives: phone, email or chat
 * @param to      the role it is meant for
 * @param text    what they say, by language ({@code en}, {@code ja}); at least one
 */
public record MessageSpec(String id, Duration at, String from, String channel, String to, Map<String, String> text) {

    public static final java.util.List<String> CHANNELS = java.util.List.of("phone", "email", "chat");
    public static final java.util.List<String> LANGUAGES = java.util.List.of("en", "ja");
}
