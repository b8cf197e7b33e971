package dev.kunren.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kunren.engine.timeline.Timeline;
import dev.kunren.shop.Shop;
import dev.kunren.shop.ShopConfig;
import dev.kunren.shop.balancer.HealthCheckPolicy;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A headless drill's console API operates a team's environment, so only its owner's tools may:
 * without the drill's token, from another site, or through a rebound name, nothing happens and
 * the audit trail stays as it was.
 */
class ConsoleApiAccessTest {

    private static final String TOKEN = "drill-token-0123456789";
    private final Timeline timeline = new Timeline("d", record -> { }, Clock.systemUTC());
    private Shop red;
    private ConsoleApi api;

    @BeforeEach
    void start() throws Exception {
        red = Shop.start(new ShopConfig(2, 1000, new HealthCheckPolicy(2, 2)), () -> Instant.EPOCH.plusSeconds(42));
        api = new ConsoleApi(List.of("red"), team -> Optional.of(red), timeline, Set.of(), Optional.of(TOKEN))
                .start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    }

    @AfterEach
    void stop() {
        api.close();
        red.close();
    }

    private String restart(String extraHead) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), api.address().getPort())) {
            socket.setSoTimeout(10_000);
            String head = "POST /api/teams/red/instances/web-1/restart HTTP/1.1\r\nX-Kunren-Actor: mallory\r\n"
                    + "Content-Length: 0\r\nConnection: close\r\n" + extraHead + "\r\n";
            socket.getOutputStream().write(head.getBytes(StandardCharsets.ISO_8859_1));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private String host() {
        return "Host: 127.0.0.1:" + api.address().getPort() + "\r\n";
    }

    @Test
    void refused_callers_change_nothing() throws Exception {
        assertThat(restart(host())).startsWith("HTTP/1.1 401 ").contains("application/problem+json").contains("token");
        assertThat(restart(host() + "Authorization: Bearer " + TOKEN + "\r\nOrigin: http://evil.example\r\n"
                + "Sec-Fetch-Site: cross-site\r\n")).startsWith("HTTP/1.1 403 ");
        assertThat(restart("Host: rebound.example:" + api.address().getPort() + "\r\nAuthorization: Bearer " + TOKEN + "\r\n"))
                .startsWith("HTTP/1.1 421 ");
        assertThat(red.audit().query(dev.kunren.shop.audit.AuditQuery.all())).as("nothing reached the environment").isEmpty();
    }

    @Test
    void the_owner_with_the_token_operates() throws Exception {
        assertThat(restart(host() + "Authorization: Bearer " + TOKEN + "\r\n")).startsWith("HTTP/1.1 200 ");
        assertThat(red.audit().query(dev.kunren.shop.audit.AuditQuery.all())).singleElement()
                .satisfies(entry -> assertThat(entry.toString()).contains("mallory").contains("RebootInstances"));
    }
}
