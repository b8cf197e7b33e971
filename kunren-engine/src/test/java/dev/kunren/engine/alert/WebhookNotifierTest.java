package dev.kunren.engine.alert;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.kunren.engine.timeline.TimelineEvent.AlertChanged;
import dev.kunren.engine.timeline.TimelineEvent.AlertState;
import dev.kunren.engine.timeline.TimelineEvent.NotificationSent;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.junit.jupiter.api.Test;

class WebhookNotifierTest {

    private final AlertChanged firing = new AlertChanged("web-cpu-high", "warning", AlertState.FIRING,
            "web CPU over 90%", 100, "cpu > 90%");

    @Test
    void posts_slack_compatible_json_to_the_webhook() throws Exception {
        BlockingQueue<String> bodies = new ArrayBlockingQueue<>(1);
        BlockingQueue<String> types = new ArrayBlockingQueue<>(1);
        HttpServer slack = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        slack.createContext("/hooks/T0/B0/x", exchange -> {
            types.add(exchange.getRequestHeaders().getFirst("Content-Type"));
            bodies.add(new String(exchange.getRequestBody().readAllBytes()));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        slack.start();
        try {
            URI url = URI.create("http://127.0.0.1:" + slack.getAddress().getPort() + "/hooks/T0/B0/x");

            NotificationSent sent = new WebhookNotifier(url).send("first-drill", java.time.Duration.ofSeconds(70), firing);

            assertThat(sent).isEqualTo(new NotificationSent("web-cpu-high", AlertState.FIRING, "webhook", true, "HTTP 200"));
            assertThat(types.take()).isEqualTo("application/json");
            JsonNode json = new ObjectMapper().readTree(bodies.take());
            assertThat(json.get("text").asText())
                    .isEqualTo(":rotating_light: [FIRING] web-cpu-high (warning) — web CPU over 90% — now 100.0, rule cpu > 90% — drill first-drill");
        } finally {
            slack.stop(0);
        }
    }

    @Test
    void an_unreachable_webhook_is_recorded_as_not_delivered() throws IOException {
        int closedPort;
        try (var socket = new java.net.ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }

        NotificationSent sent = new WebhookNotifier(URI.create("http://127.0.0.1:" + closedPort + "/hook")).send("d", java.time.Duration.ZERO, firing);

        assertThat(sent.delivered()).isFalse();
        assertThat(sent.detail()).startsWith("ConnectException");
    }
}
