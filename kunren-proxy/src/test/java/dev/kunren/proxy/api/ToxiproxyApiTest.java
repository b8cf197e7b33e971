package dev.kunren.proxy.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kunren.proxy.EchoServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The API's answers to hostile and mistaken requests: a clear 4xx with Toxiproxy's error body, never a crash. */
class ToxiproxyApiTest {

    private ProxyRegistry registry;
    private ToxiproxyApi api;
    private EchoServer echo;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws IOException {
        registry = new ProxyRegistry(new Random(1));
        api = new ToxiproxyApi(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), registry);
        echo = new EchoServer();
    }

    @AfterEach
    void stop() throws IOException {
        api.close();
        registry.close();
        echo.close();
        http.close();
    }

    private HttpResponse<String> call(String method, String path, String body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.address().getPort() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private void createEcho() throws IOException, InterruptedException {
        assertThat(call("POST", "/proxies", "{\"name\":\"echo\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"" + echo.hostPort() + "\"}")
                .statusCode()).isEqualTo(201);
    }

    @Test
    void malformed_json_is_a_400_with_a_message() throws Exception {
        HttpResponse<String> response = call("POST", "/proxies", "{\"name\": ");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).contains("application/json");
        assertThat(response.body()).contains("\"error\":\"bad request body:").contains("\"status\":400");
    }

    @Test
    void missing_fields_and_bad_addresses_are_400() throws Exception {
        assertThat(call("POST", "/proxies", "{\"listen\":\"127.0.0.1:0\",\"upstream\":\"127.0.0.1:1\"}").body())
                .contains("missing required field: name");
        assertThat(call("POST", "/proxies", "{\"name\":\"x\",\"upstream\":\"127.0.0.1:1\"}").body())
                .contains("missing required field: listen");
        assertThat(call("POST", "/proxies", "{\"name\":\"x\",\"listen\":\"127.0.0.1:99999\",\"upstream\":\"127.0.0.1:1\"}").body())
                .contains("listen port must be within 0..65535, but was 99999");
        assertThat(call("POST", "/proxies", "{\"name\":\"x\",\"listen\":\"nowhere\",\"upstream\":\"127.0.0.1:1\"}").statusCode())
                .isEqualTo(400);
        assertThat(call("POST", "/proxies", "{\"name\":\"a/b\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"127.0.0.1:1\"}").body())
                .contains("name must be at most 200 characters without / ? or #");
    }

    @Test
    void unknown_names_are_404_and_duplicates_409() throws Exception {
        createEcho();

        assertThat(call("GET", "/proxies/nope", null).statusCode()).isEqualTo(404);
        assertThat(call("GET", "/proxies/echo/toxics/nope", null).statusCode()).isEqualTo(404);
        assertThat(call("DELETE", "/proxies/nope", null).statusCode()).isEqualTo(404);
        assertThat(call("GET", "/nothing/here", null).statusCode()).isEqualTo(404);
        assertThat(call("POST", "/proxies", "{\"name\":\"echo\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"127.0.0.1:1\"}")
                .body()).contains("proxy already exists").contains("409");
    }

    @Test
    void unknown_toxic_types_and_absurd_attributes_are_400() throws Exception {
        createEcho();

        HttpResponse<String> unknown = call("POST", "/proxies/echo/toxics", "{\"type\":\"lateny\"}");
        HttpResponse<String> negative = call("POST", "/proxies/echo/toxics",
                "{\"type\":\"latency\",\"attributes\":{\"latency\":-1}}");
        HttpResponse<String> absurd = call("POST", "/proxies/echo/toxics",
                "{\"type\":\"latency\",\"attributes\":{\"latency\":99999999999}}");

        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.body()).contains("unknown toxic type \\\"lateny\\\"; expected one of latency, bandwidth");
        assertThat(negative.body()).contains("latency attribute latency must be within 0..3600000 ms, but was -1");
        assertThat(absurd.statusCode()).isEqualTo(400);
        assertThat(call("GET", "/proxies/echo/toxics", null).body()).isEqualTo("[]");
    }

    @Test
    void a_listen_address_in_use_is_a_409_and_leaves_no_listener_behind() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            HttpResponse<String> response = call("POST", "/proxies",
                    "{\"name\":\"clash\",\"listen\":\"127.0.0.1:" + taken.getLocalPort() + "\",\"upstream\":\"127.0.0.1:1\"}");

            assertThat(response.statusCode()).isEqualTo(409);
            assertThat(response.body()).contains("cannot listen on 127.0.0.1:" + taken.getLocalPort());
            assertThat(call("GET", "/proxies", null).body()).isEqualTo("{}");
        }
    }

    @Test
    void populate_creates_and_keeps_proxies_and_reset_heals_everything() throws Exception {
        String config = "[{\"name\":\"a\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"" + echo.hostPort() + "\"},"
                + "{\"name\":\"b\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"" + echo.hostPort() + "\",\"enabled\":false}]";

        HttpResponse<String> populated = call("POST", "/populate", config);
        call("POST", "/proxies/a/toxics", "{\"type\":\"timeout\",\"attributes\":{\"timeout\":0}}");
        HttpResponse<String> reset = call("POST", "/reset", null);

        assertThat(populated.statusCode()).isEqualTo(201);
        assertThat(populated.body()).contains("\"name\":\"a\"").contains("\"name\":\"b\"").contains("\"enabled\":false");
        assertThat(reset.statusCode()).isEqualTo(204);
        assertThat(call("GET", "/proxies/b", null).body()).contains("\"enabled\":true");
        assertThat(call("GET", "/proxies/a/toxics", null).body()).isEqualTo("[]");
        assertThat(call("POST", "/populate", "{\"not\":\"a list\"}").statusCode()).isEqualTo(400);
    }

    @Test
    void metrics_are_prometheus_text_per_proxy() throws Exception {
        createEcho();
        call("POST", "/proxies/echo/toxics", "{\"type\":\"latency\",\"attributes\":{\"latency\":1}}");

        HttpResponse<String> metrics = call("GET", "/metrics", null);

        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("# TYPE kunren_proxy_connections_total counter")
                .contains("kunren_proxy_toxics{proxy=\"echo\"} 1").contains("kunren_proxy_enabled{proxy=\"echo\"} 1");
    }

    @Test
    void a_toxic_may_carry_a_ttl_and_a_bad_one_is_refused() throws Exception {
        createEcho();

        HttpResponse<String> created = call("POST", "/proxies/echo/toxics",
                "{\"name\":\"brief\",\"type\":\"latency\",\"ttl\":100,\"attributes\":{\"latency\":50}}");
        HttpResponse<String> bad = call("POST", "/proxies/echo/toxics", "{\"type\":\"latency\",\"ttl\":-5}");

        assertThat(created.body()).contains("\"ttl\":100");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("ttl must be within 0..86400000 ms");
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(3))
                .until(() -> call("GET", "/proxies/echo/toxics", null).body().equals("[]"));
    }

    @Test
    void http_faults_take_text_attributes_through_the_api() throws Exception {
        createEcho();

        HttpResponse<String> created = call("POST", "/proxies/echo/toxics",
                "{\"type\":\"http_status\",\"attributes\":{\"status\":502,\"percent\":50,\"method\":\"GET\",\"path\":\"/api\"}}");

        assertThat(created.statusCode()).isEqualTo(200);
        assertThat(created.body()).contains("\"stream\":\"upstream\"").contains("\"status\":502")
                .contains("\"method\":\"GET\"").contains("\"path\":\"/api\"");
    }

    @Test
    void wrong_methods_are_405() throws Exception {
        assertThat(call("DELETE", "/proxies", null).statusCode()).isEqualTo(405);
        assertThat(call("GET", "/reset", null).statusCode()).isEqualTo(405);
    }
}
