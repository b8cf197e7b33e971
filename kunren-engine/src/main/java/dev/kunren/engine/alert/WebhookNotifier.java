package dev.kunren.engine.alert;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kunren.engine.timeline.TimelineEvent.AlertChanged;
import dev.kunren.engine.timeline.TimelineEvent.AlertState;
import dev.kunren.engine.timeline.TimelineEvent.NotificationSent;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** Posts alerts to a webhook as Slack-compatible JSON ({@code {"text": "..."}}), as Slack's incoming webhooks take it. */
public final class WebhookNotifier implements Notifier {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI url;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    public WebhookNotifier(URI url) {
        this.url = url;
    }

    /** The message text for an alert change, as a person reads it in chat. */
    public static String text(String drillLabel, AlertChanged alert) {
        String mark = alert.state() == AlertState.FIRING ? ":rotating_light:" : ":white_check_mark:";
        return mark + " [" + alert.state() + "] " + alert.rule() + " (" + alert.severity() + ") — " + alert.summary()
                + " — now " + alert.value() + ", rule " + alert.condition() + " — drill " + drillLabel;
    }

    @Override
    public NotificationSent send(String drillLabel, Duration at, AlertChanged alert) {
        try {
            String body = JSON.writeValueAsString(Map.of("text", text(drillLabel, alert)));
            HttpRequest request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(5))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build();
            int status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            return new NotificationSent(alert.rule(), alert.state(), "webhook", status / 100 == 2, "HTTP " + status);
        } catch (JsonProcessingException e) {
            return new NotificationSent(alert.rule(), alert.state(), "webhook", false, e.getOriginalMessage());
        } catch (IOException e) {
            return new NotificationSent(alert.rule(), alert.state(), "webhook", false,
                    e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new NotificationSent(alert.rule(), alert.state(), "webhook", false, "interrupted");
        }
    }
}
