package dev.kunren.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kunren.http.ServerLimits;
import dev.kunren.server.store.JdbcEventStore;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Behind a reverse proxy: with --trust-proxy, the proxy's X-Forwarded-Proto makes the session
 * cookie Secure and its X-Forwarded-Host is the origin a browser's request must come from;
 * without it, any client could send those headers, so they change nothing.
 */
class ForwardedHeadersTest {

    private static final String PASSWORD = "forwarded password";

    @ParameterizedTest(name = "trust proxy: {0}")
    @ValueSource(booleans = {true, false})
    void forwarded_headers_count_only_when_the_proxy_is_trusted(boolean trustProxy) throws Exception {
        try (JdbcEventStore store = JdbcEventStore.open("jdbc:h2:mem:fwd-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "", "");
             WebServer server = new WebServer(store, Path.of("scenarios"), Clock.systemUTC());
             HttpClient client = HttpClient.newHttpClient()) {
            server.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), ServerLimits.forPeople(256 * 1024), null, trustProxy);
            server.password().set(PASSWORD);
            HttpResponse<String> signIn = client.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + server.address().getPort() + "/api/session/facilitator"))
                    .header("X-Forwarded-Proto", "https").header("X-Forwarded-Host", "kunren.example.com")
                    .header("Origin", "https://kunren.example.com")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"password\":\"" + PASSWORD + "\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (trustProxy) {
                assertThat(signIn.statusCode()).as(signIn.body()).isEqualTo(200);
                assertThat(signIn.headers().firstValue("Set-Cookie").orElseThrow()).contains("; Secure;");
            } else {
                assertThat(signIn.statusCode()).as("the Origin is not this server's Host").isEqualTo(403);
            }
            HttpResponse<String> direct = client.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + server.address().getPort() + "/api/session/facilitator"))
                    .header("X-Forwarded-Proto", "https")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"password\":\"" + PASSWORD + "\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(direct.headers().firstValue("Set-Cookie").orElseThrow().contains("Secure")).isEqualTo(trustProxy);
        }
    }
}
