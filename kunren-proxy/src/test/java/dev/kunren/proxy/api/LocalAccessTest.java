package dev.kunren.proxy.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The proxy API drives this machine's network, so a web page must not: requests as a browser
 * sends them from another site, and as a DNS-rebinding page sends them (its own name as Host), are
 * refused and create nothing; tools (no Origin, no Sec-Fetch-Site) on this machine still work.
 */
class LocalAccessTest {

    private static final String PROXY = "{\"name\":\"pg\",\"listen\":\"0.0.0.0:0\",\"upstream\":\"127.0.0.1:5432\"}";
    private ProxyRegistry registry = new ProxyRegistry(new Random(1));
    private ToxiproxyApi api;

    @AfterEach
    void stop() {
        api.close();
        registry.close();
    }

    private String send(String head, String body) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), api.address().getPort())) {
            socket.setSoTimeout(10_000);
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            socket.getOutputStream().write((head + "Content-Length: " + bytes.length + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().write(bytes);
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private String host() {
        return "Host: 127.0.0.1:" + api.address().getPort() + "\r\n";
    }

    @Test
    void a_cross_site_form_post_creates_nothing() throws Exception {
        api = new ToxiproxyApi(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), registry);
        String formPost = "POST /proxies HTTP/1.1\r\n" + host() + "Content-Type: text/plain\r\nOrigin: http://evil.example\r\n"
                + "Sec-Fetch-Site: cross-site\r\nSec-Fetch-Mode: no-cors\r\n";
        assertThat(send(formPost, PROXY)).startsWith("HTTP/1.1 403 ").contains("cross-site request refused");
        String sameSiteOtherPort = "POST /reset HTTP/1.1\r\n" + host() + "Origin: http://127.0.0.1:3000\r\nSec-Fetch-Site: same-site\r\n";
        assertThat(send(sameSiteOtherPort, "")).startsWith("HTTP/1.1 403 ");
        String originOnly = "POST /proxies HTTP/1.1\r\n" + host() + "Content-Type: text/plain\r\nOrigin: http://evil.example\r\n";
        assertThat(send(originOnly, PROXY)).as("an older browser sends Origin without Sec-Fetch-Site").startsWith("HTTP/1.1 403 ");
        assertThat(registry.all()).isEmpty();
    }

    @Test
    void a_rebinding_page_naming_its_own_host_creates_nothing() throws Exception {
        api = new ToxiproxyApi(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), registry);
        String rebound = "POST /proxies HTTP/1.1\r\nHost: attacker.example:" + api.address().getPort() + "\r\n"
                + "Content-Type: application/json\r\nOrigin: http://attacker.example:" + api.address().getPort() + "\r\n"
                + "Sec-Fetch-Site: same-origin\r\n";
        assertThat(send(rebound, PROXY)).startsWith("HTTP/1.1 421 ").contains("answers only to its own address");
        String wrongPort = "POST /proxies HTTP/1.1\r\nHost: 127.0.0.1:1\r\n";
        assertThat(send(wrongPort, PROXY)).startsWith("HTTP/1.1 421 ");
        assertThat(registry.all()).isEmpty();
    }

    @Test
    void tools_on_this_machine_create_proxies_by_address_or_localhost() throws Exception {
        api = new ToxiproxyApi(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), registry);
        assertThat(send("POST /proxies HTTP/1.1\r\n" + host(), PROXY.replace("0.0.0.0", "127.0.0.1"))).startsWith("HTTP/1.1 201 ");
        assertThat(send("GET /proxies HTTP/1.1\r\nHost: localhost:" + api.address().getPort() + "\r\n", "")).startsWith("HTTP/1.1 200 ");
        assertThat(send("GET /proxies HTTP/1.1\r\nHost: [::1]:" + api.address().getPort() + "\r\n", "")).startsWith("HTTP/1.1 200 ");
    }

    @Test
    void with_a_token_every_request_presents_it_and_allowed_names_are_accepted() throws Exception {
        api = new ToxiproxyApi(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), registry, Set.of("chaos.internal"),
                Optional.of("a-long-enough-secret"));
        assertThat(send("GET /proxies HTTP/1.1\r\n" + host(), "")).startsWith("HTTP/1.1 401 ");
        assertThat(send("GET /proxies HTTP/1.1\r\n" + host() + "Authorization: Bearer wrong\r\n", "")).startsWith("HTTP/1.1 401 ");
        assertThat(send("GET /proxies HTTP/1.1\r\nHost: chaos.internal:" + api.address().getPort() + "\r\n"
                + "Authorization: Bearer a-long-enough-secret\r\n", "")).startsWith("HTTP/1.1 200 ");
        assertThat(send("GET /proxies HTTP/1.1\r\n" + host() + "X-Kunren-Token: a-long-enough-secret\r\n", "")).startsWith("HTTP/1.1 200 ");
    }
}
