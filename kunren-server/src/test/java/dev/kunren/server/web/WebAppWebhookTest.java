package dev.kunren.server.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.kunren.server.store.JdbcEventStore;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** A drill started in the web app posts its alerts to the scenario's chat webhook, as kunren run does. */
class WebAppWebhookTest {

    @Test
    void the_scenarios_webhook_hears_the_alerts_of_a_web_app_drill() throws Exception {
        List<String> posted = new CopyOnWriteArrayList<>();
        HttpServer chat = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        chat.createContext("/hook", exchange -> {
            posted.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        chat.start();
        JdbcEventStore store = JdbcEventStore.open("jdbc:h2:mem:hook-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "", "");
        WebServer server = new WebServer(store, Path.of("scenarios"), Clock.systemUTC())
                .start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        try (WebApi api = new WebApi(server)) {
            String[] facilitator = api.signIn("/api/session/link", Map.of("token", server.oneTimeSignInToken()));
            String yaml = """
                    kunren: 1
                    name: hooked
                    title: Hooked
                    duration: 5m
                    alerts:
                      - { name: too-few-instances, metric: healthy_instances, below: 5 }
                    notifications: { webhook: "http://127.0.0.1:%d/hook" }
                    """.formatted(chat.getAddress().getPort());
            String drill = api.json(facilitator, "POST", "/api/drills", WebApi.JSON.writeValueAsString(
                    Map.of("yaml", yaml, "fileName", "hooked.yaml", "speed", 10))).path("id").asText();
            api.json(facilitator, "POST", "/api/drills/" + drill + "/teams", "{\"name\":\"red\"}");
            api.json(facilitator, "POST", "/api/drills/" + drill + "/start", "");
            await().atMost(Duration.ofSeconds(30)).until(() -> !posted.isEmpty());
            assertThat(posted.getFirst()).contains("too-few-instances").contains("\"text\"");
            api.json(facilitator, "POST", "/api/drills/" + drill + "/halt", "");
        } finally {
            server.close();
            store.close();
            chat.stop(0);
        }
    }
}
