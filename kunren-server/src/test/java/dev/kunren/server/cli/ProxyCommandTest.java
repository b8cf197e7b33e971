package dev.kunren.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.ToxiproxyClient;
import eu.rekawek.toxiproxy.model.ToxicDirection;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `kunren proxy` as a real process: starts clean from its config file and leaves nothing behind. */
class ProxyCommandTest {

    @TempDir
    Path dir;

    @Test
    void the_proxy_starts_from_its_config_serves_a_toxiproxy_client_and_leaves_nothing_when_stopped() throws Exception {
        int listenPort;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            listenPort = free.getLocalPort();
        }
        Path config = dir.resolve("proxies.json");
        Files.writeString(config, "[{\"name\": \"db\", \"listen\": \"127.0.0.1:" + listenPort + "\", \"upstream\": \"127.0.0.1:1\"}]");
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "proxy", "--port", "0", "--config", config.toString()).redirectErrorStream(true).start();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream()))) {
            String banner = lines.readLine();
            Matcher api = Pattern.compile("API on 127\\.0\\.0\\.1:(\\d+), 1 proxies").matcher(String.valueOf(banner));
            assertThat(api.find()).as(banner).isTrue();
            ToxiproxyClient client = new ToxiproxyClient("127.0.0.1", Integer.parseInt(api.group(1)));
            Proxy db = client.getProxy("db");
            db.toxics().latency("slow", ToxicDirection.DOWNSTREAM, 100);
            new Socket(InetAddress.getLoopbackAddress(), listenPort).close();

            process.toHandle().destroy();

            assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
        } finally {
            process.destroyForcibly();
        }
        // nothing listens any more (retried: a connect to a free ephemeral port can rarely reach itself)
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(2)).until(() -> {
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), listenPort)) {
                return false;
            } catch (ConnectException refused) {
                return true;
            }
        });
    }

    @Test
    void a_broken_config_is_an_error_with_its_position() throws IOException {
        Path config = dir.resolve("bad.json");
        Files.writeString(config, "[{\"name\": \"db\",\n  \"listen\": }]");
        StringWriter err = new StringWriter();

        int code = Main.execute(new String[] {"proxy", "--port", "0", "--config", config.toString()},
                new PrintWriter(new StringWriter()), new PrintWriter(err, true));

        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).startsWith("kunren proxy: " + config + ":2:13: Unexpected character");
        assertThat(Main.execute(new String[] {"proxy", "--config", "no/such.json"}, new PrintWriter(new StringWriter()),
                new PrintWriter(new StringWriter()))).isEqualTo(2);
        StringWriter loops = new StringWriter();
        assertThat(Main.execute(new String[] {"proxy", "--event-loops", "0"}, new PrintWriter(new StringWriter()),
                new PrintWriter(loops, true))).isEqualTo(2);
        assertThat(loops.toString()).startsWith("kunren proxy: --event-loops is at least 1, but was 0");
    }
}
