package dev.kunren.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Every route declares who may call it, and the router checks that before the handler runs: denied by default. */
class RouterAccessTest {

    @Test
    void a_caller_the_route_does_not_admit_never_reaches_its_handler() throws Exception {
        AtomicInteger handled = new AtomicInteger();
        Router.Access admins = Router.Access.of("admins", x -> {
            if (!x.header("X-Admin").isPresent()) {
                throw new Problem(403, "Forbidden", "admins only");
            }
        });
        try (Router router = new Router(new ObjectMapper()).route("POST", "/things", admins, x -> {
            handled.incrementAndGet();
            x.json(201, Map.of("created", true));
        }).start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)); HttpClient http = HttpClient.newHttpClient()) {
            URI things = URI.create("http://127.0.0.1:" + router.address().getPort() + "/things");
            HttpResponse<String> refused = http.send(HttpRequest.newBuilder(things).POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(refused.statusCode()).isEqualTo(403);
            assertThat(refused.body()).contains("admins only");
            assertThat(handled).hasValue(0);
            HttpResponse<String> admitted = http.send(HttpRequest.newBuilder(things).header("X-Admin", "yes")
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(admitted.statusCode()).isEqualTo(201);
            assertThat(handled).hasValue(1);
            assertThat(router.access()).containsExactly(Map.entry("POST /things", "admins"));
        }
    }

    @Test
    void a_route_without_declared_access_cannot_be_added() {
        assertThatThrownBy(() -> new Router(new ObjectMapper()).route("GET", "/open", null, x -> x.json(200, Map.of())))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("declares who may call it");
    }
}
