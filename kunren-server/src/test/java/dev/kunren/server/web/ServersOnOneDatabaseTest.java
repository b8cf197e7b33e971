package dev.kunren.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kunren.server.store.Databases;
import dev.kunren.server.store.JdbcEventStore;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two servers on one PostgreSQL, in one JVM, each with its own store (so its own node): what one
 * hands the other, and what it refuses to believe. {@code TwoServersTest} does the same with real
 * processes and a takeover.
 */
class ServersOnOneDatabaseTest {

    private String db;
    private JdbcEventStore firstStore;
    private JdbcEventStore secondStore;
    private WebServer first;
    private WebServer second;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        Databases.requirePostgres();
        db = Databases.POSTGRES_URL + "&currentSchema=nodes_" + Long.toHexString(System.nanoTime());
        firstStore = JdbcEventStore.open(db, null, null);
        first = new WebServer(firstStore, Path.of("scenarios"), Clock.systemUTC()).start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        secondStore = JdbcEventStore.open(db, null, null);
        second = new WebServer(secondStore, Path.of("scenarios"), Clock.systemUTC()).start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    }

    @AfterEach
    void stop() {
        if (second != null) {
            second.close();
            secondStore.close();
            first.close();
            firstStore.close();
        }
        http.close();
    }

    private HttpResponse<String> post(WebServer to, String[] caller, String path, String body, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + to.address().getPort() + path))
                .POST(HttpRequest.BodyPublishers.ofString(body)).header("Cookie", caller[0]).header("X-CSRF-Token", caller[1]);
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void a_voucher_nobody_gave_is_not_believed() throws Exception {
        try (WebApi api = new WebApi(first)) {
            String[] facilitator = api.signIn("/api/session/link", Map.of("token", first.oneTimeSignInToken()));
            String drill = api.json(facilitator, "POST", "/api/drills", "{\"scenario\":\"first-drill\"}").path("id").asText();
            String origin = "http://evil.example";
            HttpResponse<String> forged = post(second, facilitator, "/api/drills/" + drill + "/teams", "{\"name\":\"red\"}",
                    Map.of("Origin", origin, "X-Forwarded-Host", "evil.example", "Kunren-Node", "0123456789abcdef:guess"));
            assertThat(forged.statusCode()).as("another site's request, handed on, is still another site's").isEqualTo(403);
            assertThat(forged.body()).contains("cross-site");
            assertThat(api.json(facilitator, "GET", "/api/drills/" + drill, null).path("teams")).isEmpty();

            HttpResponse<String> handedOn = post(second, facilitator, "/api/drills/" + drill + "/teams", "{\"name\":\"red\"}",
                    Map.of("Origin", "http://127.0.0.1:" + second.address().getPort()));
            assertThat(handedOn.statusCode()).as("the same request from the page of the server it reached: " + handedOn.body()).isEqualTo(201);
        }
    }

    @Test
    void a_server_that_does_not_answer_is_a_502_to_try_again_and_changes_nothing() throws Exception {
        try (WebApi api = new WebApi(first); ServerSocket closed = new ServerSocket(0)) {
            String[] facilitator = api.signIn("/api/session/link", Map.of("token", first.oneTimeSignInToken()));
            String drill = api.json(facilitator, "POST", "/api/drills", "{\"scenario\":\"first-drill\"}").path("id").asText();
            int nowhere = closed.getLocalPort();
            closed.close();
            try (Connection admin = DriverManager.getConnection(db); var move = admin.prepareStatement("UPDATE kunren_nodes SET url = ?")) {
                move.setString(1, "http://127.0.0.1:" + nowhere);  // as if the first announced an address nobody reaches
                move.executeUpdate();
            }
            JdbcEventStore thirdStore = JdbcEventStore.open(db, null, null);
            WebServer third = new WebServer(thirdStore, Path.of("scenarios"), Clock.systemUTC())
                    .start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            try {
                HttpResponse<String> refused = post(third, facilitator, "/api/drills/" + drill + "/teams", "{\"name\":\"red\"}", Map.of());
                assertThat(refused.statusCode()).isEqualTo(502);
                assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
                assertThat(refused.headers().firstValue("Retry-After")).hasValue("5");
                assertThat(refused.body()).contains("http://127.0.0.1:" + nowhere).contains("did not answer");
            } finally {
                third.close();
                thirdStore.close();
            }
            assertThat(api.json(facilitator, "GET", "/api/drills/" + drill, null).path("teams")).isEmpty();
        }
    }
}
