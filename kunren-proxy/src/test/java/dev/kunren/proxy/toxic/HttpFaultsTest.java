package dev.kunren.proxy.toxic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.kunren.proxy.TcpProxy;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The HTTP-aware faults, seen by a real HTTP client through the proxy in front of a real HTTP server. */
class HttpFaultsTest {

    private HttpServer upstream;
    private TcpProxy proxy;
    private HttpClient client;

    @BeforeEach
    void start() throws IOException {
        upstream = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        upstream.createContext("/", exchange -> {
            byte[] seen = exchange.getRequestBody().readAllBytes();
            byte[] body = ("ok " + exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath() + " " + seen.length)
                    .getBytes();
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        upstream.start();
        proxy = TcpProxy.start("http", new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), upstream.getAddress(),
                new Random(5));
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    }

    @AfterEach
    void stop() {
        client.close();
        proxy.close();
        upstream.stop(0);
    }

    private HttpResponse<String> send(String method, String path, String body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + proxy.listenAddress().getPort() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private void toxic(String type, Map<String, ?> attributes) {
        proxy.addToxic(ToxicSpec.of(type, type, null, 1.0, attributes));
    }

    @Test
    void http_status_answers_matching_requests_and_lets_the_others_through() throws Exception {
        toxic("http_status", Map.of("status", 503, "path", "/products"));

        HttpResponse<String> hit = send("POST", "/products/7", "a body the upstream never sees");
        HttpResponse<String> passed = send("GET", "/health", null);
        HttpResponse<String> hitAgain = send("GET", "/products", null);

        assertThat(hit.statusCode()).isEqualTo(503);
        assertThat(hit.headers().firstValue("X-Kunren-Fault")).contains("http_status");
        assertThat(passed.statusCode()).isEqualTo(200);
        assertThat(passed.body()).isEqualTo("ok GET /health 0");
        assertThat(hitAgain.statusCode()).as("the same kept-alive connection stays in step").isEqualTo(503);
        assertThat(proxy.toxicsFired()).containsKey("http_status");
    }

    @Test
    void http_status_hits_about_its_percent_of_requests() throws Exception {
        toxic("http_status", Map.of("status", 500, "percent", 30));
        int failed = 0;
        for (int i = 0; i < 100; i++) {
            if (send("GET", "/x", null).statusCode() == 500) {
                failed++;
            }
        }
        assertThat(failed).isBetween(15, 45);
    }

    @Test
    void http_abort_drops_the_connection_without_an_answer() {
        toxic("http_abort", Map.of("method", "POST"));

        assertThatThrownBy(() -> send("POST", "/checkout", "pay")).isInstanceOf(IOException.class);
    }

    @Test
    void http_delay_slows_only_the_matching_method_and_path() throws Exception {
        toxic("http_delay", Map.of("delay", 300, "method", "POST", "path", "/checkout"));

        long start = System.nanoTime();
        HttpResponse<String> slow = send("POST", "/checkout", "pay");
        long slowMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        start = System.nanoTime();
        HttpResponse<String> fast = send("GET", "/checkout", null);
        long fastMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertThat(slow.body()).isEqualTo("ok POST /checkout 3");
        assertThat(slowMillis).isGreaterThanOrEqualTo(300);
        assertThat(fast.statusCode()).isEqualTo(200);
        assertThat(fastMillis).isLessThan(200);
    }

    @Test
    void http_faults_read_requests_so_they_refuse_the_downstream_stream() {
        assertThatThrownBy(() -> ToxicSpec.of(null, "http_status", "downstream", null, Map.of()))
                .hasMessage("http_status reads requests, so its stream must be upstream");
        assertThatThrownBy(() -> ToxicSpec.of(null, "http_status", null, null, Map.of("status", 99)))
                .hasMessage("http_status attribute status must be within 100..599 HTTP status, but was 99");
        assertThatThrownBy(() -> ToxicSpec.of(null, "http_delay", null, null, Map.of("method", 5)))
                .hasMessage("http_delay attribute method must be text, but was 5");
    }
}
