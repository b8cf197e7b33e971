package dev.kunren.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TcpProxyTest {

    private EchoServer echo;
    private TcpProxy proxy;

    @BeforeEach
    void start() throws IOException {
        echo = new EchoServer();
        proxy = TcpProxy.start("echo", new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), echo.address());
    }

    @AfterEach
    void stop() throws IOException {
        proxy.close();
        echo.close();
    }

    private long roundTripMillis(Socket socket) throws IOException {
        long start = System.nanoTime();
        socket.getOutputStream().write("ping".getBytes());
        byte[] reply = socket.getInputStream().readNBytes(4);
        assertThat(new String(reply)).isEqualTo("ping");
        return Duration.ofNanos(System.nanoTime() - start).toMillis();
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), proxy.listenAddress().getPort());
        socket.setSoTimeout(5_000);
        return socket;
    }

    @Test
    void bytes_pass_through_unchanged() throws IOException {
        try (Socket socket = connect()) {
            assertThat(roundTripMillis(socket)).isLessThan(100);
        }
    }

    @Test
    void latency_toxic_delays_bytes_by_at_least_the_latency_and_removal_restores_normal_flow() throws IOException {
        try (Socket socket = connect()) {
            roundTripMillis(socket);
            proxy.addToxic(dev.kunren.proxy.toxic.ToxicSpec.of("slow", "latency", "downstream", 1.0, java.util.Map.of("latency", 150)));

            assertThat(roundTripMillis(socket)).isGreaterThanOrEqualTo(150);

            assertThat(proxy.removeToxic("slow")).isTrue();
            assertThat(proxy.removeToxic("slow")).isFalse();
            assertThat(roundTripMillis(socket)).isLessThan(100);
        }
    }

    @Test
    void closing_the_proxy_closes_its_listener_and_open_connections() throws IOException {
        try (Socket socket = connect()) {
            roundTripMillis(socket);
            proxy.close();

            assertThat(socket.getInputStream().read()).isEqualTo(-1);
        }
    }

    @Test
    void an_upstream_that_refuses_is_counted_not_fatal() throws IOException {
        proxy.setUpstream(new InetSocketAddress(InetAddress.getLoopbackAddress(), 1));  // nothing listens on port 1
        try (Socket socket = connect()) {
            assertThat(socket.getInputStream().read()).isEqualTo(-1);
        }
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> proxy.connectionErrors() == 1);
        proxy.setUpstream(echo.address());
        try (Socket socket = connect()) {
            assertThat(roundTripMillis(socket)).as("the proxy still works").isLessThan(100);
        }
    }
}
