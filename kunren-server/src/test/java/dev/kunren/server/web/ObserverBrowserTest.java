package dev.kunren.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kunren.server.store.JdbcEventStore;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/** An observer joins with the drill's observer code, watches a team, notes what they saw and scores the rubric, in Chromium. */
@Tag("slow")
class ObserverBrowserTest {

    @Test
    void an_observer_notes_and_scores_a_team_and_the_debrief_shows_it() throws Exception {
        Browsers.assumePresent();
        JdbcEventStore store = JdbcEventStore.open("jdbc:h2:mem:observe-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "", "");
        WebServer server = new WebServer(store, Path.of("scenarios"), Clock.systemUTC())
                .start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        WebDriver browser = Browsers.chromium("en");
        try (WebApi api = new WebApi(server)) {
            String[] facilitator = api.signIn("/api/session/link", Map.of("token", server.oneTimeSignInToken()));
            String drill = api.json(facilitator, "POST", "/api/drills", "{\"scenario\":\"gameday\",\"speed\":2}").path("id").asText();
            api.json(facilitator, "POST", "/api/drills/" + drill + "/teams", "{\"name\":\"red\"}");
            api.json(facilitator, "POST", "/api/drills/" + drill + "/start", "");
            String code = api.json(facilitator, "GET", "/api/drills/" + drill, null).path("observerCode").asText();
            String base = "http://127.0.0.1:" + server.address().getPort();

            browser.get(base + "/?code=" + code);
            browser.findElement(By.id("join-name")).sendKeys("Dai");
            browser.findElement(By.id("join-button")).click();
            Browsers.within(browser, 10).until(ExpectedConditions.urlToBe(base + "/observe"));
            assertThat(Browsers.textOf(browser, "#rubric .criterion[data-criterion='declared-early']", 10))
                    .contains("Declared an incident before digging into the cause").contains("not scored yet");
            browser.findElement(By.id("note-text")).sendKeys("Asked who owns the database within a minute");
            browser.findElement(By.id("add-note")).click();
            assertThat(Browsers.textOf(browser, "#notes li", 10)).contains("Dai").contains("Asked who owns the database");
            new Select(browser.findElement(By.cssSelector("select[data-criterion='declared-early']"))).selectByValue("2");
            Browsers.click(browser, By.cssSelector(".criterion[data-criterion='declared-early'] button.score"));
            Browsers.within(browser, 10).until(d -> Browsers.texts(d, ".criterion[data-criterion='declared-early'] p").toString()
                    .contains("average 2/3"));
            assertThat(Browsers.textOf(browser, "#timeline li", 10)).isNotEmpty();
            assertThat(Browsers.texts(browser, "#timeline li").toString()).doesNotContain("Fault ");
            Browsers.screenshot(browser, "observer");
            Browsers.assertNoConsoleErrors(browser, "the observer's page");

            JsonNode evaluation = api.json(facilitator, "GET", "/api/drills/" + drill + "/teams/red/evaluation", null);
            assertThat(evaluation.path("rubric").get(0).path("scores").path("Dai").asInt()).isEqualTo(2);
            assertThat(evaluation.path("notes").get(0).path("text").asText()).isEqualTo("Asked who owns the database within a minute");
            api.json(facilitator, "POST", "/api/drills/" + drill + "/halt", "");
        } finally {
            browser.quit();
            server.close();
            store.close();
        }
    }
}
