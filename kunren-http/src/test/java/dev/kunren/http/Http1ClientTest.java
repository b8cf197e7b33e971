package dev.kunren.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The client against servers that answer as written here: a malformed answer fails that request with an IOException. */
class Http1ClientTest {

    /** A server that answers every connection's first request with {@code answer}, then closes. */
    private static HttpResult exchange(String answer) throws Exception {
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             Http1Client client = new Http1Client(Duration.ofSeconds(2))) {
            Thread.ofVirtual().start(() -> {
                try (Socket socket = server.accept()) {
                    byte[] head = new byte[4096];
                    socket.getInputStream().read(head);
                    socket.getOutputStream().write(answer.getBytes(StandardCharsets.ISO_8859_1));
                } catch (IOException ignored) {
                    // the test reads what the client made of it
                }
            });
            return client.send(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()), "GET", "/",
                    new byte[0], null, Duration.ofSeconds(2));
        }
    }

    @Test
    void an_interim_continue_is_skipped_and_a_chunked_body_read() throws Exception {
        HttpResult result = exchange("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\nTransfer-Encoding: chunked\r\n"
                + "X-Served-By: web-1\r\n\r\n3\r\nabc\r\n0\r\n\r\n");
        assertThat(result.status()).isEqualTo(201);
        assertThat(new String(result.body(), StandardCharsets.UTF_8)).isEqualTo("abc");
        assertThat(result.servedBy()).isEqualTo("web-1");
    }

    @Test
    void a_body_without_a_length_is_read_to_the_close() throws Exception {
        HttpResult result = exchange("HTTP/1.0 200 OK\r\n\r\nall of it");
        assertThat(new String(result.body(), StandardCharsets.UTF_8)).isEqualTo("all of it");
        assertThat(result.keepAlive()).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "not HTTP | SSH-2.0-OpenSSH\\r\\n\\r\\n",
        "a status that is not a number | HTTP/1.1 2x0 OK\\r\\n\\r\\n",
        "a length that is not a number | HTTP/1.1 200 OK\\r\\nContent-Length: 1e3\\r\\n\\r\\n",
        "a chunk size that is not hex | HTTP/1.1 200 OK\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\nxyz\\r\\n",
        "a body shorter than its length | HTTP/1.1 200 OK\\r\\nContent-Length: 10\\r\\n\\r\\nabc",
        "nothing at all | ''",
    })
    void a_malformed_answer_fails_the_request_with_an_io_exception(String what, String answer) {
        String wire = answer.equals("''") ? "" : answer.replace("\\r", "\r").replace("\\n", "\n");
        assertThatThrownBy(() -> exchange(wire)).as(what).isInstanceOf(IOException.class);
    }
}
