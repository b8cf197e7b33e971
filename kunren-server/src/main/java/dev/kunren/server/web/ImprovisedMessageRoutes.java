package dev.kunren.server.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kunren.engine.scenario.MessageSpec;
import dev.kunren.server.http.Problem;
import dev.kunren.server.http.Router;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A message the facilitator writes on the spot and sends to a team
 * ({@code POST /api/drills/{drill}/teams/{team}/messages}), delivered like a scenario's message
 * inject. The team's inbox and answers are {@link dev.kunren.server.incident.InboxRoutes}.
 */
final class ImprovisedMessageRoutes {

    private final Guard guard;
    private final DrillManager drills;
    private final AtomicInteger improvised = new AtomicInteger();

    ImprovisedMessageRoutes(Guard guard, DrillManager drills) {
        this.guard = guard;
        this.drills = drills;
    }

    void mount(Router router) {
        router.route("POST", "/api/drills/{drill}/teams/{team}/messages", guard.facilitatorOnly, x -> {
            guard.facilitator(x);
            LiveDrill drill = drillWithTeam(x.path("drill"), x.path("team"));
            drill.sendMessage(x.path("team"), improvised(x.bodyJson(), drill));
            x.json(202, Map.of("result", "delivering at the next drill second"));
        });
    }

    private LiveDrill drillWithTeam(String drillId, String team) {
        LiveDrill drill = drills.drill(drillId);
        drill.team(team).orElseThrow(() -> Problem.notFound("no team " + team + " in this drill"));
        return drill;
    }

    /** A message the facilitator writes on the spot; it is meant for one of the scenario's roles. */
    private MessageSpec improvised(JsonNode body, LiveDrill drill) {
        String from = required(body, "from", 200);
        String to = body.path("to").asText("");
        List<String> roles = drill.scenario().incident().roles();
        if (!roles.contains(to)) {
            throw Problem.badRequest("to must be one of the scenario's roles: " + String.join(", ", roles));
        }
        String channel = body.path("channel").asText("phone");
        if (!MessageSpec.CHANNELS.contains(channel)) {
            throw Problem.badRequest("channel must be one of " + String.join(", ", MessageSpec.CHANNELS));
        }
        return new MessageSpec("improvised-" + improvised.incrementAndGet(), Duration.ZERO, from, channel, to,
                text(body));
    }

    /** One text for every language, or {"en": …, "ja": …} like a scenario's. */
    private static Map<String, String> text(JsonNode body) {
        JsonNode text = body.path("text");
        if (!text.isObject()) {
            return Map.of("", required(body, "text", 4_000));
        }
        Map<String, String> byLanguage = new LinkedHashMap<>();
        text.fieldNames().forEachRemaining(language -> {
            if (!MessageSpec.LANGUAGES.contains(language)) {
                throw Problem.badRequest("text has no language " + language + "; use " + String.join(", ", MessageSpec.LANGUAGES));
            }
            byLanguage.put(language, required(text, language, 4_000));
        });
        if (byLanguage.isEmpty()) {
            throw Problem.badRequest("give text: one string, or one per language (" + String.join(", ", MessageSpec.LANGUAGES) + ")");
        }
        return byLanguage;
    }

    private static String required(JsonNode body, String field, int max) {
        String value = body.path(field).asText("").strip();
        if (value.isEmpty() || value.length() > max) {
            throw Problem.badRequest("give " + field + " (1 to " + max + " characters)");
        }
        return value;
    }
}
