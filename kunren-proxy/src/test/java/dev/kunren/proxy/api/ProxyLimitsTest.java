package dev.kunren.proxy.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.kunren.proxy.EchoServer;
import dev.kunren.proxy.TcpProxy;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The proxy server at its limits: it says why, stays up, and relays to no loop and no looked-up name. */
class ProxyLimitsTest {

    private final ProxyRegistry registry = new ProxyRegistry(new Random(1), 2, 2);
    private EchoServer echo;

    @AfterEach
    void stop() throws IOException {
        registry.close();
        if (echo != null) {
            echo.close();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Test
    void one_proxy_past_the_cap_is_refused_and_the_others_work_on() throws IOException {
        echo = new EchoServer();
        registry.create("a", "127.0.0.1:0", echo.hostPort(), true);
        registry.create("b", "127.0.0.1:0", echo.hostPort(), true);
        assertThatThrownBy(() -> registry.create("c", "127.0.0.1:0", echo.hostPort(), true)).isInstanceOf(ApiException.class)
                .hasMessageContaining("maximum of 2 proxies").hasMessageContaining("--max-proxies");
        registry.delete("b");
        registry.create("c", "127.0.0.1:0", echo.hostPort(), true);
    }

    @Test
    void a_connection_past_the_cap_is_closed_at_once_and_counted() throws Exception {
        echo = new EchoServer();
        TcpProxy proxy = registry.create("a", "127.0.0.1:0", echo.hostPort(), true);
        int port = proxy.listenAddress().getPort();
        try (Socket one = new Socket(InetAddress.getLoopbackAddress(), port); Socket two = new Socket(InetAddress.getLoopbackAddress(), port)) {
            await().atMost(Duration.ofSeconds(5)).until(() -> proxy.openConnections() == 2);
            try (Socket three = new Socket(InetAddress.getLoopbackAddress(), port)) {
                three.setSoTimeout(5_000);
                assertThat(three.getInputStream().read()).as("closed without a byte").isEqualTo(-1);
            }
            assertThat(proxy.connectionsRefused()).isEqualTo(1);
            one.getOutputStream().write(7);
            one.setSoTimeout(5_000);
            assertThat(one.getInputStream().read()).as("the open ones still relay").isEqualTo(7);
        }
    }

    @Test
    void a_proxy_that_would_relay_to_itself_is_refused() throws IOException {
        int port = freePort();
        assertThatThrownBy(() -> registry.create("loop", "127.0.0.1:" + port, "127.0.0.1:" + port, true))
                .hasMessageContaining("would relay to itself");
        assertThatThrownBy(() -> registry.create("loop", "0.0.0.0:" + port, "localhost:" + port, true))
                .hasMessageContaining("would relay to itself");
        assertThat(registry.all()).isEmpty();
    }

    @Test
    void names_are_not_looked_up() {
        assertThatThrownBy(() -> registry.create("db", "127.0.0.1:0", "db.internal.example:5432", true))
                .hasMessageContaining("upstream host must be an address").hasMessageContaining("looks up no names");
        assertThat(Addresses.parse("upstream", "localhost:5432").getAddress().isLoopbackAddress()).isTrue();
        assertThat(Addresses.parse("upstream", "[::1]:5432").getAddress().isLoopbackAddress()).isTrue();
    }
}
