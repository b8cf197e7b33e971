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

    @Test
    void megabytes_through_a_slow_reader_arrive_whole_and_in_order_while_toxics_come_and_go() throws Exception {
        byte[] sent = new byte[8 * 1024 * 1024];
        new java.util.Random(3).nextBytes(sent);
        try (Socket socket = connect()) {
            var writer = Thread.ofVirtual().start(() -> {
                try {
                    socket.getOutputStream().write(sent);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            java.io.ByteArrayOutputStream received = new java.io.ByteArrayOutputStream();
            byte[] chunk = new byte[4096];
            var in = socket.getInputStream();
            boolean added = false;
            while (received.size() < sent.length) {
                int n = in.read(chunk);
                assertThat(n).as("the proxy closed after %d bytes", received.size()).isPositive();
                received.write(chunk, 0, n);
                if (!added && received.size() >= sent.length / 4) {
                    // the connection leaves the event loop mid-stream, with whatever it had read and not yet written
                    proxy.addToxic(dev.kunren.proxy.toxic.ToxicSpec.of("jitter", "latency", "downstream", 1.0,
                            java.util.Map.of("latency", 1)));
                    added = true;
                } else if (received.size() >= sent.length / 2) {
                    proxy.removeToxic("jitter");
                }
            }
            writer.join();
            assertThat(received.toByteArray()).as("every byte, in order").isEqualTo(sent);
        }
    }

    @Test
    void a_client_that_closes_closes_the_upstream_connection_too() throws Exception {
        try (java.net.ServerSocket upstream = new java.net.ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            proxy.setUpstream((InetSocketAddress) upstream.getLocalSocketAddress());
            Socket client = connect();
            try (Socket accepted = upstream.accept()) {
                accepted.setSoTimeout(5_000);
                client.getOutputStream().write("bye".getBytes());
                assertThat(accepted.getInputStream().readNBytes(3)).isEqualTo("bye".getBytes());
                client.close();

                assertThat(accepted.getInputStream().read()).as("end of stream at the upstream").isEqualTo(-1);
            }
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> proxy.openConnections() == 0);
        }
    }

    @Test
    void many_connections_at_once_each_get_their_own_bytes_back() throws Exception {
        java.util.List<Thread> clients = new java.util.ArrayList<>();
        java.util.concurrent.ConcurrentLinkedQueue<String> wrong = new java.util.concurrent.ConcurrentLinkedQueue<>();
        for (int i = 0; i < 200; i++) {
            String message = "client-" + i + "-".repeat(i);
            clients.add(Thread.ofVirtual().start(() -> {
                try (Socket socket = connect()) {
                    for (int round = 0; round < 5; round++) {
                        socket.getOutputStream().write(message.getBytes());
                        String reply = new String(socket.getInputStream().readNBytes(message.length()));
                        if (!reply.equals(message)) {
                            wrong.add(message + " got " + reply);
                        }
                    }
                } catch (IOException e) {
                    wrong.add(message + ": " + e);
                }
            }));
        }
        for (Thread client : clients) {
            client.join();
        }
        assertThat(wrong).isEmpty();
        assertThat(proxy.connectionsAccepted()).isEqualTo(200);
    }
}
