package dev.kunren.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The server over real sockets: requests as clients send them, malformed ones, and the limits. */
class Http1ServerTest {

    private static final Duration SHORT = Duration.ofMillis(300);
    private final List<Http1Server> servers = new ArrayList<>();

    @AfterEach
    void stop() {
        servers.forEach(Http1Server::close);
    }

    private Http1Server start(ServerLimits limits, Http1Server.Handler handler) throws Exception {
        Http1Server server = Http1Server.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), limits, null,
                Http1Server::plainError, handler);
        servers.add(server);
        return server;
    }

    private Http1Server echo(ServerLimits limits) throws Exception {
        return start(limits, request -> Response.text(200, request.method() + " " + request.target() + " "
                + new String(request.body(), StandardCharsets.UTF_8)));
    }

    private static ServerLimits limits() {
        return ServerLimits.forPeople(1024);
    }

    @Test
    void a_client_that_sends_its_whole_body_past_the_limit_first_then_reads_gets_the_413() throws Exception {
        Http1Server server = echo(limits());
        // as the JDK's HttpClient does: the whole body, then the answer; a server that closed at once
        // reset the connection under the client's writes, and the 413 saying why was lost
        try (RawClient client = new RawClient(server.port())) {
            client.send("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 4194304\r\n\r\n");
            OutputStream out = client.socket.getOutputStream();
            byte[] chunk = new byte[64 * 1024];
            for (int sent = 0; sent < 4 * 1024 * 1024; sent += chunk.length) {
                out.write(chunk);
            }
            assertThat(client.readToClose()).startsWith("HTTP/1.1 413");
        }
    }

    @Test
    void requests_follow_one_another_on_a_kept_alive_connection() throws Exception {
        Http1Server server = echo(limits());
        try (RawClient client = new RawClient(server.port())) {
            client.send("GET /a HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(client.readResponse()).startsWith("HTTP/1.1 200 OK").endsWith("GET /a ");
            client.send("POST /b?q=1 HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello");
            assertThat(client.readResponse()).endsWith("POST /b?q=1 hello");
            client.send("HEAD /c HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(client.readHead()).contains("Content-Length: 8");
            client.send("GET /d HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            assertThat(client.readToClose()).contains("Connection: close").endsWith("GET /d ");
        }
    }

    @Test
    void a_chunked_body_and_an_expected_continue_are_read_as_curl_sends_them() throws Exception {
        Http1Server server = echo(limits());
        try (RawClient client = new RawClient(server.port())) {
            client.send("POST /c HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=1\r\nhello\r\n6\r\n world\r\n0\r\nTrailer: y\r\n\r\n");
            assertThat(client.readResponse()).endsWith("POST /c hello world");
            client.send("PUT /e HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\n");
            assertThat(client.readResponse()).isEqualTo("HTTP/1.1 100 Continue\r\n\r\n");
            client.send("abc");
            assertThat(client.readResponse()).endsWith("PUT /e abc");
        }
    }

    @Test
    void an_http_1_0_client_gets_its_answer_and_the_connection_closes() throws Exception {
        Http1Server server = echo(limits());
        try (RawClient client = new RawClient(server.port())) {
            assertThat(client.send("GET /old HTTP/1.0\r\n\r\n").readToClose()).startsWith("HTTP/1.1 200 OK").endsWith("GET /old ");
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "not a request line | NONSENSE\\r\\n\\r\\n | 400",
        "no Host in HTTP/1.1 | GET / HTTP/1.1\\r\\n\\r\\n | 400",
        "a version we do not speak | GET / HTTP/2.0\\r\\nHost: x\\r\\n\\r\\n | 505",
        "a space before the colon | GET / HTTP/1.1\\r\\nHost : x\\r\\n\\r\\n | 400",
        "a folded header | GET / HTTP/1.1\\r\\nHost: x\\r\\nX-A: 1\\r\\n  2\\r\\n\\r\\n | 400",
        "a header without a colon | GET / HTTP/1.1\\r\\nHost: x\\r\\nnonsense\\r\\n\\r\\n | 400",
        "a length that is not a number | POST / HTTP/1.1\\r\\nHost: x\\r\\nContent-Length: 12abc\\r\\n\\r\\n | 400",
        "a negative length | POST / HTTP/1.1\\r\\nHost: x\\r\\nContent-Length: -1\\r\\n\\r\\n | 400",
        "a length beyond any long | POST / HTTP/1.1\\r\\nHost: x\\r\\nContent-Length: 99999999999999999999999\\r\\n\\r\\n | 400",
        "two different lengths | POST / HTTP/1.1\\r\\nHost: x\\r\\nContent-Length: 1\\r\\nContent-Length: 2\\r\\n\\r\\nab | 400",
        "a length beside chunking | POST / HTTP/1.1\\r\\nHost: x\\r\\nContent-Length: 3\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\n0\\r\\n\\r\\n | 400",
        "a coding we do not know | POST / HTTP/1.1\\r\\nHost: x\\r\\nTransfer-Encoding: gzip\\r\\n\\r\\n | 501",
        "a chunk size that is not hex | POST / HTTP/1.1\\r\\nHost: x\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\nzz\\r\\n | 400",
        "a huge chunk size | POST / HTTP/1.1\\r\\nHost: x\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\nffffffffff\\r\\n | 400",
        "chunks past the body limit | POST / HTTP/1.1\\r\\nHost: x\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\nfff\\r\\n | 413",
        "a body past the limit | POST / HTTP/1.1\\r\\nHost: x\\r\\nContent-Length: 5000\\r\\n\\r\\n | 413",
        "two different hosts | GET / HTTP/1.1\\r\\nHost: a\\r\\nHost: b\\r\\n\\r\\n | 400",
        "a control character in a value | GET / HTTP/1.1\\r\\nHost: x\\r\\nX-A: a\\u0001b\\r\\n\\r\\n | 400",
    })
    void a_malformed_request_gets_a_clean_error_and_only_its_connection_ends(String what, String request, int status) throws Exception {
        Http1Server server = echo(limits());
        String wire = request.replace("\\r", "\r").replace("\\n", "\n").replace("\\u0001", "\u0001");
        try (RawClient client = new RawClient(server.port())) {
            assertThat(client.send(wire).readToClose()).as(what).startsWith("HTTP/1.1 " + status + " ").contains("Connection: close");
        }
        try (RawClient client = new RawClient(server.port())) {
            assertThat(client.send("GET /after HTTP/1.1\r\nHost: x\r\n\r\n").readResponse()).startsWith("HTTP/1.1 200");
        }
    }

    @Test
    void a_head_past_its_limit_is_431_and_a_long_target_414() throws Exception {
        Http1Server server = echo(limits());
        try (RawClient client = new RawClient(server.port())) {
            String fields = ("X-Filler: " + "a".repeat(1000) + "\r\n").repeat(20);
            assertThat(client.send("GET / HTTP/1.1\r\nHost: x\r\n" + fields + "\r\n").readToClose()).startsWith("HTTP/1.1 431 ");
        }
        try (RawClient client = new RawClient(server.port())) {
            assertThat(client.send("GET /" + "a".repeat(20_000) + " HTTP/1.1\r\nHost: x\r\n\r\n").readToClose())
                    .startsWith("HTTP/1.1 414 ");
        }
    }

    @Test
    void a_head_that_trickles_in_is_cut_off_at_the_header_timeout() throws Exception {
        Http1Server server = echo(limits().withTimeouts(SHORT, SHORT, Duration.ofSeconds(30), SHORT));
        try (RawClient client = new RawClient(server.port())) {
            client.send("GET / HTTP/1.1\r\n");
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            boolean closed = false;
            while (!closed && System.nanoTime() < deadline) {
                try {
                    client.send("X-Slow: 1\r\n");
                    client.socket.setSoTimeout(100);
                    closed = client.closedByServer();
                } catch (java.io.IOException reset) {
                    closed = true;
                }
            }
            assertThat(closed).as("a trickling head is closed, though bytes keep coming").isTrue();
        }
    }

    @Test
    void a_connection_that_sends_nothing_or_idles_is_closed() throws Exception {
        Http1Server server = echo(limits().withTimeouts(SHORT, SHORT, SHORT, SHORT));
        try (RawClient silent = new RawClient(server.port()); RawClient idle = new RawClient(server.port())) {
            idle.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n").readResponse();
            assertThat(silent.closedByServer()).isTrue();
            assertThat(idle.closedByServer()).isTrue();
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> server.openConnections() == 0);
    }

    @Test
    void a_body_that_never_completes_is_cut_off_at_the_body_timeout() throws Exception {
        Http1Server server = echo(limits().withTimeouts(Duration.ofSeconds(30), SHORT, Duration.ofSeconds(30), SHORT));
        try (RawClient client = new RawClient(server.port())) {
            client.send("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nabc");
            assertThat(client.closedByServer()).isTrue();
        }
    }

    @Test
    void one_address_gets_at_most_its_share_of_connections_and_others_still_get_in() throws Exception {
        Http1Server server = echo(limits().withMaxConnectionsPerAddress(3));
        InetAddress greedy = InetAddress.getByName("127.0.0.2");
        List<RawClient> held = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                held.add(new RawClient(greedy, server.port()));
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> server.openConnections() == 3);
            try (RawClient fourth = new RawClient(greedy, server.port())) {
                assertThat(fourth.readToClose()).startsWith("HTTP/1.1 503 ").contains("Retry-After").contains("127.0.0.2");
            }
            try (RawClient other = new RawClient(InetAddress.getByName("127.0.0.3"), server.port())) {
                assertThat(other.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n").readResponse()).startsWith("HTTP/1.1 200");
            }
        } finally {
            for (RawClient client : held) {
                client.close();
            }
        }
    }

    @Test
    void at_the_total_cap_the_connection_waiting_longest_gives_way_to_a_new_one() throws Exception {
        Http1Server server = echo(limits().withMaxConnections(4));
        List<RawClient> waiting = new ArrayList<>();
        try {
            for (int i = 0; i < 4; i++) {
                waiting.add(new RawClient(InetAddress.getByName("127.0.0." + (10 + i)), server.port()));
                int opened = i + 1;
                await().atMost(Duration.ofSeconds(5)).until(() -> server.openConnections() == opened);
            }
            try (RawClient late = new RawClient(server.port())) {
                assertThat(late.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n").readResponse()).startsWith("HTTP/1.1 200");
            }
            waiting.getFirst().socket.setSoTimeout(5_000);
            assertThat(waiting.getFirst().closedByServer()).as("the oldest idle connection gave way").isTrue();
        } finally {
            for (RawClient client : waiting) {
                client.close();
            }
        }
    }

    @Test
    void a_stream_is_chunked_and_a_client_that_stops_reading_is_cut_off() throws Exception {
        Http1Server server = start(limits().withTimeouts(Duration.ofSeconds(5), SHORT, Duration.ofSeconds(5), SHORT),
                request -> Response.streaming(200, "text/event-stream", Map.of(), out -> {
                    out.write("data: first\n\n".getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    if (request.path().equals("/forever")) {
                        byte[] filler = new byte[64 * 1024];
                        while (true) {
                            out.write(filler);
                            out.flush();
                        }
                    }
                }));
        try (RawClient client = new RawClient(server.port())) {
            String answer = client.send("GET /once HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").readToClose();
            assertThat(answer).contains("Transfer-Encoding: chunked").endsWith("d\r\ndata: first\n\n\r\n0\r\n\r\n");
        }
        try (RawClient stuck = new RawClient(server.port())) {
            stuck.socket.setReceiveBufferSize(4096);
            stuck.send("GET /forever HTTP/1.1\r\nHost: x\r\n\r\n");
            await().atMost(Duration.ofSeconds(10)).until(() -> server.openConnections() == 0);
        }
    }

    @Test
    void plain_http_to_an_https_port_is_told_where_to_go() throws Exception {
        var tls = dev.kunren.http.tls.SelfSigned.load(java.nio.file.Files.createTempDirectory("tls").resolve("s.p12"),
                List.of("localhost"), List.of("127.0.0.1"));
        Http1Server server = Http1Server.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), limits(),
                tls.context(), Http1Server::plainError, request -> Response.text(200, "secret"));
        servers.add(server);
        try (RawClient client = new RawClient(server.port())) {
            assertThat(client.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n").readToClose()).startsWith("HTTP/1.1 400 ").contains("https://");
        }
    }

    @Test
    void a_handler_that_fails_gives_500_and_the_connection_lives_on() throws Exception {
        Http1Server server = start(limits(), request -> {
            if (request.path().equals("/boom")) {
                throw new IllegalStateException("boom");
            }
            return Response.text(200, "fine");
        });
        try (RawClient client = new RawClient(server.port())) {
            assertThat(client.send("GET /boom HTTP/1.1\r\nHost: x\r\n\r\n").readResponse()).startsWith("HTTP/1.1 500 ");
            assertThat(client.send("GET /ok HTTP/1.1\r\nHost: x\r\n\r\n").readResponse()).endsWith("fine");
        }
    }

    @Test
    void closing_the_server_refuses_new_connections_and_drops_open_ones() throws Exception {
        Http1Server server = echo(limits());
        RawClient open = new RawClient(server.port());
        server.close();
        assertThat(open.closedByServer()).isTrue();
        open.close();
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            try (java.net.Socket s = new java.net.Socket(InetAddress.getLoopbackAddress(), server.port())) {
                OutputStream out = s.getOutputStream();
                out.write(1);
                throw new AssertionError("still accepting");
            } catch (java.net.ConnectException refused) {
                // refused, as a stopped server must
            }
        });
    }
}
