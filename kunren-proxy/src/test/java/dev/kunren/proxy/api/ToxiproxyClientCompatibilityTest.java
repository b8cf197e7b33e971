package dev.kunren.proxy.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kunren.proxy.EchoServer;
import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.ToxiproxyClient;
import eu.rekawek.toxiproxy.model.ToxicDirection;
import eu.rekawek.toxiproxy.model.toxic.Latency;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The official Toxiproxy Java client (eu.rekawek.toxiproxy:toxiproxy-java 2.1.7), unchanged, against Kunren's proxy. */
class ToxiproxyClientCompatibilityTest {

    private ProxyRegistry registry;
    private ToxiproxyApi api;
    private EchoServer echo;
    private ToxiproxyClient client;

    @BeforeEach
    void start() throws IOException {
        registry = new ProxyRegistry(new Random(1));
        api = new ToxiproxyApi(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), registry);
        echo = new EchoServer();
        client = new ToxiproxyClient("127.0.0.1", api.address().getPort());
    }

    @AfterEach
    void stop() throws IOException {
        api.close();
        registry.close();
        echo.close();
    }

    private static long roundTripMillis(String listen) throws IOException {
        int port = Integer.parseInt(listen.substring(listen.lastIndexOf(':') + 1));
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(5_000);
            long start = System.nanoTime();
            socket.getOutputStream().write("ping".getBytes());
            assertThat(new String(socket.getInputStream().readNBytes(4))).isEqualTo("ping");
            return Duration.ofNanos(System.nanoTime() - start).toMillis();
        }
    }

    @Test
    void the_client_creates_a_proxy_that_carries_traffic() throws IOException {
        Proxy proxy = client.createProxy("echo", "127.0.0.1:0", echo.hostPort());

        assertThat(proxy.getName()).isEqualTo("echo");
        assertThat(proxy.getUpstream()).isEqualTo(echo.hostPort());
        assertThat(proxy.isEnabled()).isTrue();
        assertThat(proxy.getListen()).startsWith("127.0.0.1:").isNotEqualTo("127.0.0.1:0");
        assertThat(roundTripMillis(proxy.getListen())).isLessThan(100);
        assertThat(client.getProxies()).extracting(Proxy::getName).containsExactly("echo");
        assertThat(client.getProxy("echo").getListen()).isEqualTo(proxy.getListen());
        assertThat(client.version()).isEqualTo(ToxiproxyApi.VERSION);
    }

    @Test
    void the_client_adds_lists_updates_and_removes_toxics() throws IOException {
        Proxy proxy = client.createProxy("echo", "127.0.0.1:0", echo.hostPort());

        Latency latency = proxy.toxics().latency("slow", ToxicDirection.DOWNSTREAM, 150);
        assertThat(roundTripMillis(proxy.getListen())).isGreaterThanOrEqualTo(150);
        assertThat(proxy.toxics().getAll()).extracting(t -> t.getName()).containsExactly("slow");

        latency.setLatency(300);
        assertThat(proxy.toxics().get("slow", Latency.class).getLatency()).isEqualTo(300);
        assertThat(roundTripMillis(proxy.getListen())).isGreaterThanOrEqualTo(300);

        latency.setToxicity(0);
        assertThat(roundTripMillis(proxy.getListen())).as("toxicity 0 means never").isLessThan(100);

        latency.remove();
        assertThat(proxy.toxics().getAll()).isEmpty();
        assertThat(roundTripMillis(proxy.getListen())).isLessThan(100);
    }

    private static boolean refuses(int port) {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            return false;
        } catch (ConnectException e) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void the_client_takes_a_proxy_down_and_up_and_resets_everything() throws IOException {
        Proxy proxy = client.createProxy("echo", "127.0.0.1:0", echo.hostPort());
        proxy.toxics().bandwidth("narrow", ToxicDirection.UPSTREAM, 1);
        int port = Integer.parseInt(proxy.getListen().substring(proxy.getListen().lastIndexOf(':') + 1));

        proxy.disable();
        assertThat(proxy.isEnabled()).isFalse();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(2))
                .until(() -> refuses(port));

        proxy.enable();
        assertThat(proxy.getListen()).as("a re-enabled proxy listens where it did").endsWith(":" + port);
        proxy.disable();

        client.reset();
        Proxy after = client.getProxy("echo");
        assertThat(after.isEnabled()).isTrue();
        assertThat(after.toxics().getAll()).isEmpty();
        assertThat(roundTripMillis(after.getListen())).isLessThan(100);
    }

    @Test
    void the_client_deletes_a_proxy_and_gets_errors_for_mistakes() throws IOException {
        Proxy proxy = client.createProxy("echo", "127.0.0.1:0", echo.hostPort());

        assertThatThrownBy(() -> client.createProxy("echo", "127.0.0.1:0", echo.hostPort()))
                .isInstanceOf(IOException.class).hasMessageContaining("409").hasMessageContaining("proxy already exists");
        proxy.toxics().latency("dup", ToxicDirection.DOWNSTREAM, 1);
        assertThatThrownBy(() -> proxy.toxics().latency("dup", ToxicDirection.DOWNSTREAM, 1))
                .isInstanceOf(IOException.class).hasMessageContaining("409");

        proxy.delete();
        assertThat(client.getProxyOrNull("echo")).isNull();
        assertThatThrownBy(() -> client.getProxy("echo")).isInstanceOf(IOException.class).hasMessageContaining("404");
    }
}
