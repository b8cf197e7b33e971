package dev.kunren.server.web;

import static dev.kunren.server.web.Browsers.assertNoConsoleErrors;
import static dev.kunren.server.web.Browsers.chromium;
import static dev.kunren.server.web.Browsers.screenshot;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kunren.http.ServerLimits;
import dev.kunren.http.tls.SelfSigned;
import dev.kunren.http.tls.ServerTls;
import dev.kunren.server.store.JdbcEventStore;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;

/**
 * A room on a LAN: the server listens on a non-loopback address (CI makes 198.51.100.10 on a veth
 * pair, bin/lan-address.sh), and Chromium opens it there — a context browsers do not treat as
 * secure over plain HTTP. The facilitator signs in, a member joins and acknowledges an alert,
 * over HTTP and over HTTPS with a self-signed certificate the browser is told to trust.
 */
@Tag("slow")
class LanBrowserTest {

    private static final String PASSWORD = "lan test password";
    private JdbcEventStore store;
    private WebServer server;
    private WebDriver facilitator;
    private WebDriver member;

    /** The documentation-range address CI puts on a veth pair, if this machine has it. */
    private static InetAddress lanAddress() throws Exception {
        String wanted = System.getenv().getOrDefault("KUNREN_LAN_ADDRESS", "198.51.100.10");
        InetAddress address = InetAddress.getByName(wanted);
        boolean present = NetworkInterface.getByInetAddress(address) != null;
        if (System.getenv("KUNREN_REQUIRE_LAN") != null) {
            assertThat(present).as("a non-loopback test address " + wanted + " (bin/lan-address.sh makes it)").isTrue();
        }
        Assumptions.assumeTrue(present, "no non-loopback test address; bin/lan-address.sh makes one (as root)");
        return address;
    }

    @AfterEach
    void stop() {
        for (WebDriver driver : new WebDriver[] {facilitator, member}) {
            if (driver != null) {
                driver.quit();
            }
        }
        if (server != null) {
            server.close();
            store.close();
        }
    }

    @ParameterizedTest(name = "over {0}")
    @ValueSource(strings = {"http", "https"})
    void from_another_machine_the_facilitator_signs_in_and_a_member_joins_and_acknowledges(String scheme) throws Exception {
        InetAddress lan = lanAddress();
        Browsers.assumePresent();
        ServerTls tls = scheme.equals("https")
                ? SelfSigned.load(Files.createTempDirectory("kunren-tls").resolve("self.p12"), List.of("localhost"),
                        List.of(lan.getHostAddress()))
                : null;
        store = JdbcEventStore.open("jdbc:h2:mem:lan-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "", "");
        server = new WebServer(store, Path.of("scenarios"), Clock.systemUTC()).start(new InetSocketAddress(lan, 0),
                ServerLimits.forPeople(256 * 1024), tls == null ? null : tls.context(), false);
        server.password().set(PASSWORD);
        String base = scheme + "://" + lan.getHostAddress() + ":" + server.address().getPort();
        String[] trust = tls == null ? new String[0] : new String[] {"--ignore-certificate-errors-spki-list=" + tls.publicKeyPin()};
        facilitator = chromium("en", trust);
        member = chromium("en", trust);

        String joinCode = Browsers.makeFirstDrillWithTeamRed(facilitator, base, PASSWORD);
        Browsers.joinRed(member, facilitator, base, joinCode, "Aiko");
        Browsers.startAndAcknowledge(facilitator, member);
        screenshot(member, "lan-" + scheme + "-team");
        assertNoConsoleErrors(member, "team console over " + scheme);
        assertNoConsoleErrors(facilitator, "facilitator console over " + scheme);
    }
}
