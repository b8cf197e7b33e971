package dev.kunren.shop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kunren.shop.balancer.HealthChange;
import dev.kunren.shop.balancer.HealthCheckPolicy;
import dev.kunren.shop.instance.WebInstance;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ShopTest {

    private final InstantSource frozenDrillClock = () -> Instant.EPOCH;
    private final HttpClient client = HttpClient.newHttpClient();
    private Shop shop;

    @BeforeEach
    void start() throws IOException {
        shop = Shop.start(new ShopConfig(2, 1000, new HealthCheckPolicy(2, 2)), frozenDrillClock);
    }

    @AfterEach
    void stop() {
        shop.close();
        client.close();
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(shop.uri().resolve(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String form) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(shop.uri().resolve(path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * Waits, with a bound, until connecting to {@code port} is refused. A single attempt is not
     * proof: connecting to a free port of the ephemeral range can, rarely, connect to itself.
     */
    static void awaitRefused(int port) {
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(2)).until(() -> {
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return false;
            } catch (ConnectException refused) {
                return true;
            }
        });
    }

    @Test
    void customers_can_browse_add_to_cart_and_check_out_through_the_load_balancer() throws Exception {
        assertThat(get("/products").body()).contains("\"name\":\"Matcha 30g\"");
        assertThat(get("/products/2").body()).isEqualTo("{\"id\":2,\"name\":\"Matcha 30g\",\"priceYen\":2400}");
        assertThat(get("/products/99").statusCode()).isEqualTo(404);
        assertThat(post("/cart", "customer=c1&product=2&quantity=3").body()).isEqualTo("{\"items\":3}");
        assertThat(post("/cart", "customer=c1&product=x").statusCode()).isEqualTo(400);
        HttpResponse<String> order = post("/checkout", "customer=c1");
        assertThat(order.statusCode()).isEqualTo(201);
        assertThat(shop.store().ordersPlaced()).isEqualTo(1);
    }

    @Test
    void the_load_balancer_spreads_requests_over_the_instances() throws Exception {
        Set<String> servedBy = new HashSet<>();
        for (int i = 0; i < 4; i++) {
            servedBy.add(get("/products").headers().firstValue("X-Served-By").orElseThrow());
        }
        assertThat(servedBy).containsExactlyInAnyOrder("web-1", "web-2");
    }

    @Test
    void killed_instance_refuses_connections_until_restarted() throws Exception {
        WebInstance web1 = shop.instance("web-1");
        int port = web1.port();

        web1.stop();

        awaitRefused(port);
        web1.start();
        assertThat(web1.port()).isEqualTo(port);
        new Socket(InetAddress.getLoopbackAddress(), port).close();
    }

    @Test
    void health_checks_take_a_dead_instance_out_of_rotation_and_back() throws Exception {
        shop.instance("web-1").stop();

        assertThat(shop.checkHealth()).isEmpty();
        assertThat(shop.checkHealth()).containsExactly(new HealthChange("web-1", false));
        for (int i = 0; i < 4; i++) {
            assertThat(get("/products").statusCode()).isEqualTo(200);
        }
        assertThat(shop.instancesInRotation()).isEqualTo(1);

        shop.instance("web-1").start();
        shop.checkHealth();
        assertThat(shop.checkHealth()).containsExactly(new HealthChange("web-1", true));
        assertThat(shop.status()).extracting(InstanceStatus::inRotation).containsExactly(true, true);
    }

    @Test
    void a_dead_instance_still_in_rotation_gives_customers_a_bad_gateway() throws Exception {
        shop.instance("web-2").stop();

        List<Integer> statuses = List.of(get("/products").statusCode(), get("/products").statusCode());

        assertThat(statuses).contains(502);
    }

    @Test
    void with_every_instance_out_of_rotation_customers_get_503() throws Exception {
        shop.instance("web-1").stop();
        shop.instance("web-2").stop();
        shop.checkHealth();
        shop.checkHealth();

        assertThat(get("/products").statusCode()).isEqualTo(503);
    }

    @Test
    void a_malformed_request_gets_a_400_and_ends_only_its_own_connection() throws Exception {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), shop.uri().getPort())) {
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write("NONSENSE\r\n\r\n".getBytes());
            String answer = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.ISO_8859_1);
            assertThat(answer).startsWith("HTTP/1.1 400 ").contains("Connection: close");
        }
        assertThat(get("/products").statusCode()).isEqualTo(200);
    }

    @Test
    void unknown_instance_is_named_in_the_error() {
        assertThatThrownBy(() -> shop.instance("web-9")).hasMessage("no instance web-9");
    }

    @Test
    void closing_the_shop_frees_every_port() throws Exception {
        URI lb = shop.uri();
        int instancePort = shop.instance("web-1").port();
        shop.close();

        awaitRefused(lb.getPort());
        awaitRefused(instancePort);
    }
}
