package dev.kunren.server.web;

import static dev.kunren.server.web.Browsers.chromium;
import static dev.kunren.server.web.Browsers.within;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kunren.engine.timeline.Timeline;
import dev.kunren.http.Http1Server;
import dev.kunren.http.Response;
import dev.kunren.proxy.api.ProxyRegistry;
import dev.kunren.proxy.api.ToxiproxyApi;
import dev.kunren.server.console.ConsoleApi;
import dev.kunren.shop.Shop;
import dev.kunren.shop.ShopConfig;
import dev.kunren.shop.audit.AuditQuery;
import dev.kunren.shop.balancer.HealthCheckPolicy;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.WebDriver;

/**
 * The attack of issue 18 as a browser makes it: a page the operator merely visits (here one served
 * from this machine, as a local dev server's would be) posts forms and no-cors fetches with text
 * bodies to the proxy API and to a drill's console API. Both refuse; nothing is created or done.
 */
@Tag("slow")
class LocalApisBrowserTest {

    @Test
    void a_web_page_cannot_drive_the_proxy_api_or_a_drills_console() throws Exception {
        Browsers.assumePresent();
        InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        ProxyRegistry registry = new ProxyRegistry(new Random(1));
        Shop shop = Shop.start(new ShopConfig(2, 1000, new HealthCheckPolicy(2, 2)), () -> Instant.EPOCH);
        Timeline timeline = new Timeline("d", record -> { }, Clock.systemUTC());
        WebDriver browser = null;
        try (ToxiproxyApi proxyApi = new ToxiproxyApi(loopback, registry);
             ConsoleApi console = new ConsoleApi(List.of("red"), team -> Optional.of(shop), timeline).start(loopback)) {
            String proxy = "http://127.0.0.1:" + proxyApi.address().getPort();
            String restart = "http://127.0.0.1:" + console.address().getPort() + "/api/teams/red/instances/web-1/restart";
            String page = """
                    <!doctype html><title>cat pictures</title>
                    <iframe name="a"></iframe><iframe name="b"></iframe>
                    <form id="f1" target="a" method="post" enctype="text/plain" action="PROXY/proxies">
                      <input name='{"name":"pg","listen":"0.0.0.0:15432","upstream":"127.0.0.1:5432","x":"' value='"}'></form>
                    <form id="f2" target="b" method="post" enctype="text/plain" action="RESTART">
                      <input name="x" value="y"></form>
                    <script>
                      const loaded = name => new Promise(r => document.querySelector('iframe[name=' + name + ']').onload = r);
                      const done = [loaded('a'), loaded('b'),
                        fetch('PROXY/reset', {method: 'POST', mode: 'no-cors', body: '{}'}).catch(() => 0),
                        fetch('RESTART', {method: 'POST', mode: 'no-cors', headers: {'Content-Type': 'text/plain'}, body: 'x'}).catch(() => 0)];
                      document.getElementById('f1').submit();
                      document.getElementById('f2').submit();
                      Promise.all(done).then(() => document.title = 'done');
                    </script>
                    """.replace("PROXY", proxy).replace("RESTART", restart);
            try (Http1Server evil = Http1Server.start(loopback, request -> new Response(200, "text/html; charset=utf-8",
                    page.getBytes(StandardCharsets.UTF_8), Map.of()))) {
                registry.create("kept", "127.0.0.1:0", "127.0.0.1:9", false);
                browser = chromium("en");
                browser.get("http://127.0.0.1:" + evil.port() + "/");
                within(browser, 15).until(d -> d.getTitle().equals("done"));
            }
            assertThat(registry.all()).as("no proxy created").extracting(p -> p.name()).containsExactly("kept");
            assertThat(registry.get("kept").isEnabled()).as("/reset did not enable the disabled proxy").isFalse();
            assertThat(shop.audit().query(AuditQuery.all())).as("no operation reached the team's environment").isEmpty();
        } finally {
            if (browser != null) {
                browser.quit();
            }
            registry.close();
            shop.close();
        }
    }
}
