package dev.kunren.proxy.toxic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kunren.proxy.EchoServer;
import dev.kunren.proxy.TcpProxy;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Each toxic's effect as a client of the proxy sees it, on real loopback sockets. */
class ToxicEffectsTest {

    private EchoServer echo;
    private TcpProxy proxy;

    @BeforeEach
    void start() throws IOException {
        echo = new EchoServer();
        proxy = TcpProxy.start("test", new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), echo.address(), new Random(7));
    }

    @AfterEach
    void stop() throws IOException {
        proxy.close();
        echo.close();
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), proxy.listenAddress().getPort());
        socket.setSoTimeout(10_000);
        return socket;
    }

    private void toxic(String type, String stream, double toxicity, Map<String, ?> attributes) {
        proxy.addToxic(ToxicSpec.of(type, type, stream, toxicity, attributes));
    }

    private static long millisSince(long start) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }

    @Test
    void latency_delays_bytes_by_at_least_the_latency() throws IOException {
        toxic("latency", "downstream", 1, Map.of("latency", 120));
        try (Socket socket = connect()) {
            long start = System.nanoTime();
            socket.getOutputStream().write(1);
            socket.getInputStream().read();
            assertThat(millisSince(start)).isBetween(120L, 400L);
        }
    }

    @Test
    void bandwidth_limits_the_rate_within_ten_percent() throws IOException {
        toxic("bandwidth", "downstream", 1, Map.of("rate", 200));
        byte[] payload = new byte[100_000];
        try (Socket socket = connect()) {
            Thread.ofVirtual().start(() -> {
                try {
                    socket.getOutputStream().write(payload);
                } catch (IOException ignored) {
                    // the reader's assertion reports what matters
                }
            });
            long start = System.nanoTime();
            assertThat(socket.getInputStream().readNBytes(payload.length)).hasSize(payload.length);
            double seconds = (System.nanoTime() - start) / 1e9;
            assertThat(payload.length / 1000.0 / seconds).as("KB/s").isBetween(180.0, 220.0);
        }
    }

    @Test
    void limit_data_cuts_the_connection_after_that_many_bytes() throws IOException {
        toxic("limit_data", "downstream", 1, Map.of("bytes", 10));
        try (Socket socket = connect()) {
            socket.getOutputStream().write(new byte[25]);
            assertThat(socket.getInputStream().readAllBytes()).hasSize(10);
        }
    }

    @Test
    void timeout_holds_data_then_closes_the_connection_after_the_timeout() throws IOException {
        toxic("timeout", "downstream", 1, Map.of("timeout", 200));
        try (Socket socket = connect()) {
            long start = System.nanoTime();
            socket.getOutputStream().write("held".getBytes());
            assertThat(socket.getInputStream().read()).isEqualTo(-1);
            assertThat(millisSince(start)).isBetween(190L, 1_000L);
        }
    }

    @Test
    void timeout_zero_holds_data_until_the_toxic_is_removed() throws IOException {
        toxic("timeout", "downstream", 1, Map.of("timeout", 0));
        try (Socket socket = connect()) {
            socket.setSoTimeout(300);
            socket.getOutputStream().write("held".getBytes());
            assertThatThrownBy(() -> socket.getInputStream().read()).isInstanceOf(java.net.SocketTimeoutException.class);

            proxy.removeToxic("timeout");

            socket.setSoTimeout(5_000);
            assertThat(new String(socket.getInputStream().readNBytes(4))).isEqualTo("held");
        }
    }

    @Test
    void reset_peer_resets_the_connection_after_the_timeout() throws IOException {
        toxic("reset_peer", "downstream", 1, Map.of("timeout", 100));
        try (Socket socket = connect()) {
            long start = System.nanoTime();
            InputStream in = socket.getInputStream();
            assertThatThrownBy(() -> {
                while (in.read() >= 0) {
                    // wait for the reset
                }
                socket.getOutputStream().write(1);
                socket.getOutputStream().write(1);
            }).isInstanceOf(SocketException.class).hasMessageContaining("reset");
            assertThat(millisSince(start)).isBetween(90L, 1_000L);
        }
    }

    @Test
    void reset_peer_with_no_timeout_resets_before_any_byte_passes() throws IOException {
        toxic("reset_peer", "upstream", 1, Map.of("timeout", 0));
        for (int attempt = 0; attempt < 50; attempt++) {  // a race lost once in a few tries before; each try is a new connection
            try (Socket socket = connect()) {
                int echoed;
                try {
                    socket.getOutputStream().write("ping".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                    echoed = socket.getInputStream().read();
                } catch (SocketException reset) {
                    echoed = -1;
                }
                assertThat(echoed).as("attempt %d: nothing comes back through a reset", attempt).isEqualTo(-1);
            }
        }
        assertThat(echo.bytesReceived()).as("no byte reached the upstream").isZero();
    }

    @Test
    void slow_close_delays_the_close_after_the_upstream_closes() throws IOException {
        try (ServerSocket closer = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            proxy.setUpstream((InetSocketAddress) closer.getLocalSocketAddress());
            Thread.ofVirtual().start(() -> {
                try (Socket accepted = closer.accept()) {
                    accepted.getOutputStream().write("bye".getBytes());
                } catch (IOException ignored) {
                    // the test's reads report what matters
                }
            });
            toxic("slow_close", "downstream", 1, Map.of("delay", 300));
            try (Socket socket = connect()) {
                InputStream in = socket.getInputStream();
                assertThat(new String(in.readNBytes(3))).isEqualTo("bye");
                long start = System.nanoTime();
                assertThat(in.read()).isEqualTo(-1);
                assertThat(millisSince(start)).isBetween(250L, 1_500L);
            }
        }
    }

    @Test
    void slicer_delivers_a_chunk_in_delayed_slices_without_losing_bytes() throws IOException {
        toxic("slicer", "downstream", 1, Map.of("average_size", 10, "size_variation", 5, "delay", 20_000));
        try (Socket socket = connect()) {
            byte[] payload = new byte[100];
            new Random(3).nextBytes(payload);
            long start = System.nanoTime();
            socket.getOutputStream().write(payload);
            assertThat(socket.getInputStream().readNBytes(100)).isEqualTo(payload);
            assertThat(millisSince(start)).as("at least 6 slices 20 ms apart").isGreaterThanOrEqualTo(100L);
        }
    }

    @Test
    void toxicity_zero_never_applies_and_one_always_does() throws IOException {
        toxic("latency", "downstream", 0, Map.of("latency", 500));
        for (int i = 0; i < 5; i++) {
            try (Socket socket = connect()) {
                long start = System.nanoTime();
                socket.getOutputStream().write(1);
                socket.getInputStream().read();
                assertThat(millisSince(start)).isLessThan(200L);
            }
        }
    }

    @Test
    void toxicity_picks_about_that_share_of_connections() throws IOException {
        toxic("limit_data", "downstream", 0.5, Map.of("bytes", 0));
        int cut = 0;
        for (int i = 0; i < 40; i++) {
            try (Socket socket = connect()) {
                OutputStream out = socket.getOutputStream();
                out.write(1);
                if (socket.getInputStream().read() < 0) {
                    cut++;
                }
            }
        }
        assertThat(cut).isBetween(8, 32);
    }

    @Test
    void removing_a_toxic_restores_normal_flow_on_open_connections() throws IOException {
        toxic("latency", "downstream", 1, Map.of("latency", 300));
        try (Socket socket = connect()) {
            proxy.removeToxic("latency");
            long start = System.nanoTime();
            socket.getOutputStream().write(1);
            socket.getInputStream().read();
            assertThat(millisSince(start)).isLessThan(150L);
        }
    }

    @Test
    void a_toxic_with_a_ttl_removes_itself_and_normal_flow_returns() throws IOException {
        proxy.addToxic(ToxicSpec.of("brief", "latency", "downstream", 1.0, Map.of("latency", 300)).withTtl(200));

        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(3)).until(() -> proxy.toxics().isEmpty());
        try (Socket socket = connect()) {
            long start = System.nanoTime();
            socket.getOutputStream().write(1);
            socket.getInputStream().read();
            assertThat(millisSince(start)).isLessThan(150L);
        }
    }

    @Test
    void loss_stalls_the_lost_chunks_for_a_retransmission_and_keeps_the_bytes() throws IOException {
        toxic("loss", "downstream", 1, Map.of("percent", 100, "stall", 150));
        try (Socket socket = connect()) {
            long start = System.nanoTime();
            socket.getOutputStream().write("abc".getBytes());
            assertThat(new String(socket.getInputStream().readNBytes(3))).isEqualTo("abc");
            assertThat(millisSince(start)).isBetween(150L, 600L);
        }
        assertThat(proxy.toxicsFired()).containsEntry("loss", 1L);
    }

    @Test
    void each_toxic_counts_the_connections_it_fired_on() throws IOException {
        toxic("latency", "downstream", 1, Map.of("latency", 1));
        for (int i = 0; i < 3; i++) {
            try (Socket socket = connect()) {
                socket.getOutputStream().write(1);
                socket.getInputStream().read();
            }
        }
        assertThat(proxy.toxicsFired()).containsEntry("latency", 3L);
    }

    @Test
    void bad_attributes_are_refused_with_what_was_expected() {
        assertThatThrownBy(() -> ToxicSpec.of(null, "latency", null, null, Map.of("latency", -5)))
                .hasMessage("latency attribute latency must be within 0..3600000 ms, but was -5");
        assertThatThrownBy(() -> ToxicSpec.of(null, "lateny", null, null, Map.of()))
                .hasMessage("unknown toxic type \"lateny\"; expected one of latency, bandwidth, slow_close, timeout, reset_peer, slicer, limit_data, loss, http_status, http_abort, http_delay");
        assertThatThrownBy(() -> ToxicSpec.of(null, "latency", "sideways", null, Map.of()))
                .hasMessage("stream must be upstream or downstream, but was \"sideways\"");
        assertThatThrownBy(() -> ToxicSpec.of(null, "bandwidth", null, 1.5, Map.of("rate", 1)))
                .hasMessage("toxicity must be within 0..1, but was 1.5");
        assertThatThrownBy(() -> ToxicSpec.of(null, "bandwidth", null, null, Map.of("rate", "fast")))
                .hasMessage("bandwidth attribute rate must be a number of KB/s, but was fast");
        assertThat(ToxicSpec.of(null, "latency", "upstream", null, Map.of()).name()).isEqualTo("latency_upstream");
    }
}
