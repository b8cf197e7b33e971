package dev.kunren.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Thousands of connections from several addresses that trickle their heads in a byte at a time,
 * reconnecting as soon as they are cut off, while a normal client keeps asking: every one of its
 * requests is answered. (How fast is a benchmark's question; here, that it is answered at all.)
 */
@Tag("slow")
class SlowlorisTest {

    @Test
    void a_normal_client_is_answered_while_thousands_of_connections_trickle_in() throws Exception {
        ServerLimits limits = ServerLimits.forPeople(1024)
                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(10), Duration.ofSeconds(2))
                .withMaxConnections(1_500)
                .withMaxConnectionsPerAddress(400);
        try (Http1Server server = Http1Server.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), limits, null,
                Http1Server::plainError, request -> Response.text(200, "ok"))) {
            AtomicBoolean attacking = new AtomicBoolean(true);
            List<Thread> attackers = new ArrayList<>();
            for (int a = 2; a <= 7; a++) {
                InetAddress from = InetAddress.getByName("127.0.0." + a);
                for (int i = 0; i < 350; i++) {
                    attackers.add(Thread.ofVirtual().start(() -> trickle(from, server.port(), attacking)));
                }
            }
            int answered = 0;
            try (Http1Client client = new Http1Client(Duration.ofSeconds(5))) {
                long until = System.nanoTime() + Duration.ofSeconds(6).toNanos();
                while (System.nanoTime() < until) {
                    HttpResult result = client.send(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port()),
                            "GET", "/", new byte[0], null, Duration.ofSeconds(5));
                    assertThat(result.status()).isEqualTo(200);
                    answered++;
                }
            } finally {
                attacking.set(false);
                for (Thread attacker : attackers) {
                    attacker.join(Duration.ofSeconds(10));
                }
            }
            assertThat(answered).isPositive();
        }
    }

    private static void trickle(InetAddress from, int port, AtomicBoolean attacking) {
        while (attacking.get()) {
            try (RawClient client = new RawClient(from, port)) {
                client.send("GET / HTTP/1.1\r\n");
                while (attacking.get()) {
                    client.send("X");
                    Thread.sleep(200);
                }
            } catch (IOException cutOff) {
                // the server closed it: come back at once, as an attacker would
            } catch (InterruptedException e) {
                return;
            }
        }
    }
}
