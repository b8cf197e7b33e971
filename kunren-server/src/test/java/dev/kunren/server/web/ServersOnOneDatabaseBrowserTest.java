package dev.kunren.server.web;

import static dev.kunren.server.web.Browsers.assertNoConsoleErrors;
import static dev.kunren.server.web.Browsers.chromium;
import static dev.kunren.server.web.Browsers.screenshot;

import dev.kunren.server.store.Databases;
import dev.kunren.server.store.JdbcEventStore;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.WebDriver;

/**
 * Two servers on one PostgreSQL, in Chromium: the facilitator makes and runs the drill on the
 * first; a member joins, watches the alert fire and acknowledges it entirely through the second
 * (its pages' API calls handed to the first, its live stream read from the database), and the
 * facilitator's timeline on the first shows the acknowledgement.
 */
@Tag("slow")
class ServersOnOneDatabaseBrowserTest {

    private static final String PASSWORD = "two servers password";
    private JdbcEventStore firstStore;
    private JdbcEventStore secondStore;
    private WebServer first;
    private WebServer second;
    private WebDriver facilitator;
    private WebDriver member;

    @AfterEach
    void stop() {
        for (WebDriver driver : new WebDriver[] {facilitator, member}) {
            if (driver != null) {
                driver.quit();
            }
        }
        for (AutoCloseable closing : new AutoCloseable[] {second, secondStore, first, firstStore}) {
            try {
                if (closing != null) {
                    closing.close();
                }
            } catch (Exception e) {
                // closing what the test made: the next goes on
            }
        }
    }

    @Test
    void a_member_works_through_the_server_that_does_not_run_the_drill() throws Exception {
        Browsers.assumePresent();
        Databases.requirePostgres();
        String db = Databases.POSTGRES_URL + "&currentSchema=twobrowsers_" + Long.toHexString(System.nanoTime());
        firstStore = JdbcEventStore.open(db, null, null);
        first = new WebServer(firstStore, Path.of("scenarios"), Clock.systemUTC()).start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        first.password().set(PASSWORD);
        secondStore = JdbcEventStore.open(db, null, null);
        second = new WebServer(secondStore, Path.of("scenarios"), Clock.systemUTC()).start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        String firstBase = "http://127.0.0.1:" + first.address().getPort();
        String secondBase = "http://127.0.0.1:" + second.address().getPort();
        facilitator = chromium("en");
        member = chromium("en");

        String joinCode = Browsers.makeFirstDrillWithTeamRed(facilitator, firstBase, PASSWORD);
        Browsers.joinRed(member, facilitator, secondBase, joinCode, "Aiko");  // through the server that does not run the drill
        Browsers.startAndAcknowledge(facilitator, member);
        screenshot(member, "two-servers-team");
        assertNoConsoleErrors(member, "team console through the second server");
        assertNoConsoleErrors(facilitator, "facilitator console on the first server");
    }
}
