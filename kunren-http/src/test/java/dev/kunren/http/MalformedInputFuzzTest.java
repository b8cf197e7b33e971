package dev.kunren.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kunren.http.internal.Heads;
import dev.kunren.http.internal.WireInput;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random bytes and mangled requests against the parsers and a live server, for a bounded number
 * of rounds with a fixed seed (so a failure replays): the parsers throw only {@link IOException}s,
 * the server answers each connection with a status line or closes it, and keeps serving.
 */
class MalformedInputFuzzTest {

    private static final String[] VALID = {
        "GET /a?b=c HTTP/1.1\r\nHost: x\r\nAccept: */*\r\n\r\n",
        "POST /p HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Type: text/plain\r\n\r\nhello",
        "POST /c HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n",
        "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n",
    };

    @Test
    void the_parsers_only_ever_throw_io_exceptions() {
        Random random = new Random(20261202);
        for (int round = 0; round < 50_000; round++) {
            byte[] input = mangle(VALID[random.nextInt(VALID.length)].getBytes(StandardCharsets.ISO_8859_1), random);
            parseRequest(input);
            parseResponse(input);
        }
    }

    private static void parseRequest(byte[] input) {
        try {
            WireInput in = new WireInput(new ByteArrayInputStream(input), 64);
            if (Heads.requestLine(in, 1024) != null) {
                var headers = Heads.headers(in, 1024, 20);
                if (Heads.chunked(headers)) {
                    Heads.chunkedBody(in, 4096);
                } else {
                    long length = Heads.contentLength(headers);
                    if (length > 0 && length < 4096) {
                        in.readExactly((int) length);
                    }
                }
            }
        } catch (IOException expected) {
            // a malformed request is an IOException, and nothing else
        }
    }

    private static void parseResponse(byte[] input) {
        try {
            WireInput in = new WireInput(new ByteArrayInputStream(input), 64);
            Heads.statusCode(in.readLine(1024, 502));
            var headers = Heads.headers(in, 1024, 20);
            Heads.chunked(headers);
            Heads.contentLength(headers);
        } catch (IOException expected) {
            // likewise for responses
        }
    }

    private static byte[] mangle(byte[] valid, Random random) {
        byte[] bytes = random.nextInt(10) == 0 ? new byte[random.nextInt(200)] : valid.clone();
        if (bytes != valid && random.nextBoolean()) {
            random.nextBytes(bytes);
            return bytes;
        }
        int edits = 1 + random.nextInt(4);
        for (int i = 0; i < edits && bytes.length > 0; i++) {
            int at = random.nextInt(bytes.length);
            switch (random.nextInt(4)) {
                case 0 -> bytes[at] = (byte) random.nextInt(256);
                case 1 -> bytes[at] = (byte) "\r\n :0-fF;".charAt(random.nextInt(9));
                case 2 -> bytes = java.util.Arrays.copyOf(bytes, at);
                default -> {
                    byte[] longer = new byte[bytes.length + 1];
                    System.arraycopy(bytes, 0, longer, 0, at);
                    longer[at] = (byte) "9\r\n:".charAt(random.nextInt(4));
                    System.arraycopy(bytes, at, longer, at + 1, bytes.length - at);
                    bytes = longer;
                }
            }
        }
        return bytes;
    }

    @Test
    void a_live_server_answers_or_closes_every_mangled_connection_and_keeps_serving() throws Exception {
        ServerLimits limits = ServerLimits.forPeople(4096)
                .withTimeouts(Duration.ofMillis(500), Duration.ofMillis(500), Duration.ofMillis(500), Duration.ofMillis(500));
        try (Http1Server server = Http1Server.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), limits, null,
                Http1Server::plainError, request -> Response.text(200, "ok"))) {
            Random random = new Random(7);
            for (int round = 0; round < 300; round++) {
                byte[] input = mangle(VALID[random.nextInt(3)].getBytes(StandardCharsets.ISO_8859_1), random);
                try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
                    socket.setSoTimeout(10_000);
                    OutputStream out = socket.getOutputStream();
                    out.write(input);
                    out.flush();
                    socket.shutdownOutput();
                    InputStream in = socket.getInputStream();
                    String answer = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
                    assertThat(answer.isEmpty() || answer.startsWith("HTTP/1.1 ")).as("round %d: %s", round, answer).isTrue();
                } catch (java.net.SocketException reset) {
                    // closing on a client that is still sending may reset: also a clean end
                }
            }
            try (Http1Client client = new Http1Client(Duration.ofSeconds(5))) {
                assertThat(client.send(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port()), "GET", "/",
                        new byte[0], null, Duration.ofSeconds(5)).status()).isEqualTo(200);
            }
        }
    }
}
