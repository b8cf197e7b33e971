package dev.kunren.server.web;

import static dev.kunren.server.web.Browsers.assertNoConsoleErrors;
import static dev.kunren.server.web.Browsers.chromium;
import static dev.kunren.server.web.Browsers.click;
import static dev.kunren.server.web.Browsers.screenshot;
import static dev.kunren.server.web.Browsers.textOf;
import static dev.kunren.server.web.Browsers.within;

import dev.kunren.server.store.Databases;
import dev.kunren.server.store.JdbcEventStore;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

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

        facilitator.get(firstBase + "/");
        facilitator.findElement(By.id("facilitator-password")).sendKeys(PASSWORD);
        facilitator.findElement(By.id("facilitator-button")).click();
        within(facilitator, 5).until(ExpectedConditions.urlToBe(firstBase + "/facilitator"));
        within(facilitator, 5).until(d -> !new Select(d.findElement(By.id("scenario"))).getOptions().isEmpty());
        new Select(facilitator.findElement(By.id("scenario"))).selectByValue("first-drill");
        facilitator.findElement(By.id("speed")).clear();
        facilitator.findElement(By.id("speed")).sendKeys("5");  // the alert fires about 15 s after Start and stays about 20 s
        facilitator.findElement(By.id("create")).click();
        within(facilitator, 5).until(ExpectedConditions.visibilityOfElementLocated(By.id("drill-panel")));
        facilitator.findElement(By.id("team-name")).sendKeys("red");
        facilitator.findElement(By.id("add-team")).click();
        String joinCode = textOf(facilitator, ".tile[data-team='red'] .join-code", 5);

        member.get(secondBase + "/?code=" + joinCode);
        member.findElement(By.id("join-name")).sendKeys("Aiko");
        member.findElement(By.id("join-button")).click();
        within(member, 5).until(ExpectedConditions.urlToBe(secondBase + "/team"));
        within(facilitator, 10).until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".tile[data-team='red']"), "Aiko"));
        facilitator.findElement(By.id("start")).click();

        By firing = By.cssSelector("li.alert[data-state='firing'] button.acknowledge");
        within(member, 30).until(ExpectedConditions.presenceOfElementLocated(firing));
        click(member, firing);
        within(member, 10).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("li.alert .acknowledged")));
        within(facilitator, 10).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#timeline li.event-alert-acknowledged")));
        within(member, 10).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#timeline li.event-alert-acknowledged")));
        screenshot(member, "two-servers-team");
        assertNoConsoleErrors(member, "team console through the second server");
        assertNoConsoleErrors(facilitator, "facilitator console on the first server");
    }
}
