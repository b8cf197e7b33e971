package dev.kunren.server.web;

import static org.assertj.core.api.Assertions.assertThat;

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

/** Once a drill ends, the consoles say so: the facilitator's list, the team's alerts, and controls that no longer act. */
@Tag("slow")
class AfterEndBrowserTest {

    @Test
    void after_the_end_the_list_says_ended_and_the_team_console_offers_nothing_to_press() throws Exception {
        Browsers.assumePresent();
        JdbcEventStore store = JdbcEventStore.open("jdbc:h2:mem:end-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "", "");
        WebServer server = new WebServer(store, Path.of("scenarios"), Clock.systemUTC())
                .start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        WebDriver facilitator = Browsers.chromium("en");
        WebDriver member = Browsers.chromium("en");
        try (WebApi api = new WebApi(server)) {
            String base = "http://127.0.0.1:" + server.address().getPort();
            String[] session = api.signIn("/api/session/link", Map.of("token", server.oneTimeSignInToken()));
            String drill = api.json(session, "POST", "/api/drills", "{\"scenario\":\"first-drill\",\"speed\":30}").path("id").asText();
            String code = api.json(session, "POST", "/api/drills/" + drill + "/teams", "{\"name\":\"red\"}").path("joinCode").asText();
            facilitator.get(base + "/?signin=" + server.oneTimeSignInToken() + "&drill=" + drill);
            Browsers.within(facilitator, 10).until(ExpectedConditions.urlContains("/facilitator"));
            member.get(base + "/?code=" + code);
            member.findElement(By.id("join-name")).sendKeys("Aiko");
            member.findElement(By.id("join-button")).click();
            Browsers.within(member, 10).until(ExpectedConditions.urlToBe(base + "/team"));
            api.json(session, "POST", "/api/drills/" + drill + "/start", "");
            // the fault at 1:00 (2 s at 30×) makes an alert fire; the team can acknowledge it
            Browsers.within(member, 60).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("li.alert button.acknowledge")));

            api.json(session, "POST", "/api/drills/" + drill + "/end", "");
            Browsers.within(facilitator, 30).until(d -> Browsers.texts(d, "#drills li").stream().anyMatch(t -> t.contains("ended")));
            Browsers.within(member, 30).until(ExpectedConditions.visibilityOfElementLocated(By.id("debrief-note")));
            Browsers.within(member, 30).until(d -> d.findElements(By.cssSelector("li.alert button.acknowledge")).isEmpty());
            assertThat(Browsers.texts(member, "li.alert .ended")).as("what was still firing says so")
                    .allMatch(t -> t.contains("still firing when the drill ended"));
            Browsers.within(member, 30).until(d -> d.findElements(By.cssSelector("main button")).stream().noneMatch(b -> b.isEnabled()));
            Browsers.screenshot(member, "team-after-end");
        } finally {
            facilitator.quit();
            member.quit();
            server.close();
            store.close();
        }
    }
}
