package dev.kunren.server.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.sun.net.httpserver.HttpServer;
import dev.kunren.server.paging.PageDeliveries;
import dev.kunren.server.store.JdbcEventStore;
import jakarta.mail.internet.MimeMessage;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An alert that fires pages whoever is on call: by e-mail through a real SMTP server, to their
 * webhook as PagerDuty's Events API takes it, and on the console; the page is taken by its signed
 * link (once), or by that person in the console, and by nobody else.
 */
class PagingWebTest {

    private final List<String> webhook = new CopyOnWriteArrayList<>();
    private GreenMail smtp;
    private HttpServer events;
    private JdbcEventStore store;
    private WebServer server;
    private WebApi api;
    private String[] facilitator;
    private String drill;

    @BeforeEach
    void start() throws Exception {
        smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        smtp.start();
        events = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        events.createContext("/v2/enqueue", exchange -> {
            webhook.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(202, -1);
            exchange.close();
        });
        events.start();
        store = JdbcEventStore.open("jdbc:h2:mem:paging-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "", "");
        server = new WebServer(store, Path.of("scenarios"), Clock.systemUTC())
                .smtp(new PageDeliveries.Smtp("127.0.0.1", smtp.getSmtp().getPort(), "kunren@example.com", Optional.empty(), Optional.empty()))
                .start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        server.publicUrl("http://kunren.example.test:8080/");
        api = new WebApi(server);
        facilitator = api.signIn("/api/session/link", Map.of("token", server.oneTimeSignInToken()));
        String yaml = """
                kunren: 1
                name: paged
                title: Paged
                duration: 30m
                alerts:
                  - { name: too-few-instances, metric: healthy_instances, below: 5 }
                oncall:
                  people:
                    - { name: alice, email: alice@example.com, webhook: "http://127.0.0.1:%d/v2/enqueue" }
                    - { name: bob, email: bob@example.com }
                  escalation:
                    - { after: 10m, to: next }
                """.formatted(events.getAddress().getPort());
        drill = api.json(facilitator, "POST", "/api/drills", WebApi.JSON.writeValueAsString(
                Map.of("yaml", yaml, "fileName", "paged.yaml", "speed", 1))).path("id").asText();
        JsonNode red = api.json(facilitator, "POST", "/api/drills/" + drill + "/teams", "{\"name\":\"red\"}");
        api.json(facilitator, "POST", "/api/drills/" + drill + "/start", "");
        this.code = red.path("joinCode").asText();
        await().atMost(Duration.ofSeconds(30)).until(() -> !webhook.isEmpty() && smtp.getReceivedMessages().length == 1);
    }

    private String code;

    @AfterEach
    void stop() throws Exception {
        api.send(facilitator, "POST", "/api/drills/" + drill + "/halt", "");
        server.close();
        store.close();
        events.stop(0);
        smtp.stop();
    }

    private String link() throws Exception {
        return WebApi.JSON.readTree(webhook.getFirst()).at("/links/0/href").asText();
    }

    private JsonNode page() throws Exception {
        return api.json(facilitator, "GET", "/api/drills/" + drill + "/teams/red/pages", null).get(0);
    }

    @Test
    void the_person_on_call_is_paged_by_email_and_webhook_and_takes_the_page_once_by_its_link() throws Exception {
        JsonNode event = WebApi.JSON.readTree(webhook.getFirst());
        assertThat(event.path("event_action").asText()).isEqualTo("trigger");
        assertThat(event.path("dedup_key").asText()).isEqualTo(drill + "/red/PG-1");
        assertThat(event.at("/payload/summary").asText())
                .isEqualTo("[drill] too-few-instances is firing for team red: alice, you are paged (PG-1, level 1)");
        assertThat(event.at("/payload/severity").asText()).isEqualTo("critical");
        assertThat(event.at("/payload/custom_details/person").asText()).isEqualTo("alice");
        assertThat(link()).startsWith("http://kunren.example.test:8080/pages/ack?t=");

        MimeMessage mail = smtp.getReceivedMessages()[0];
        assertThat(mail.getAllRecipients()[0].toString()).isEqualTo("alice@example.com");
        assertThat(mail.getFrom()[0].toString()).isEqualTo("kunren@example.com");
        assertThat(mail.getSubject()).isEqualTo("[Kunren] PG-1: too-few-instances is firing (team red)");
        assertThat(GreenMailUtil.getBody(mail)).contains("Acknowledge: " + link());

        JsonNode page = page();
        assertThat(page.path("person").asText()).isEqualTo("alice");
        assertThat(page.path("state").asText()).isEqualTo("open");
        await().atMost(Duration.ofSeconds(10)).until(() -> page().path("deliveries").size() == 3);
        assertThat(page().path("deliveries").findValuesAsText("method")).containsExactlyInAnyOrder("console", "webhook", "email");
        assertThat(page().path("deliveries").findValues("delivered")).allMatch(JsonNode::asBoolean);

        String token = link().substring(link().indexOf("t=") + 2);
        String forged = token.substring(0, token.length() - 2) + (token.endsWith("AA") ? "BB" : "AA");
        assertThat(api.send(null, "POST", "/api/pages/acknowledge", "{\"token\":\"" + forged + "\"}").statusCode()).isEqualTo(401);
        assertThat(page().path("state").asText()).isEqualTo("open");

        var taken = api.send(null, "POST", "/api/pages/acknowledge", "{\"token\":\"" + token + "\"}");
        assertThat(taken.statusCode()).as(taken.body()).isEqualTo(201);
        assertThat(page().path("state").asText()).isEqualTo("acknowledged");
        assertThat(page().path("acknowledgedBy").asText()).isEqualTo("alice");
        assertThat(page().path("acknowledgedVia").asText()).isEqualTo("link");
        var again = api.send(null, "POST", "/api/pages/acknowledge", "{\"token\":\"" + token + "\"}");
        assertThat(again.statusCode()).as("a link acknowledges once").isEqualTo(410);
        assertThat(api.send(null, "GET", "/pages/ack?t=" + token, null).statusCode()).as("opening the link changes nothing").isEqualTo(200);
    }

    @Test
    void only_the_paged_person_takes_a_page_in_the_console_and_a_taken_page_is_not_taken_again() throws Exception {
        String[] bob = api.signIn("/api/session/join", Map.of("code", code, "name", "bob"));
        String[] alice = api.signIn("/api/session/join", Map.of("code", code, "name", "Alice"));
        var refused = api.send(bob, "POST", "/api/drills/" + drill + "/teams/red/pages/PG-1/acknowledge", "{}");
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("PG-1 is with alice (level 1)");
        assertThat(api.send(facilitator, "POST", "/api/drills/" + drill + "/teams/red/pages/PG-1/acknowledge", "{}").statusCode())
                .as("the facilitator takes only a page escalated to them").isEqualTo(403);
        assertThat(page().path("state").asText()).isEqualTo("open");

        assertThat(api.send(alice, "POST", "/api/drills/" + drill + "/teams/red/pages/PG-1/acknowledge", "{}").statusCode()).isEqualTo(201);
        assertThat(page().path("acknowledgedBy").asText()).isEqualTo("Alice");
        assertThat(page().path("acknowledgedVia").asText()).isEqualTo("console");
        String token = link().substring(link().indexOf("t=") + 2);
        var late = api.send(null, "POST", "/api/pages/acknowledge", "{\"token\":\"" + token + "\"}");
        assertThat(late.statusCode()).isEqualTo(409);
        assertThat(late.body()).contains("already acknowledged by Alice");
        assertThat(api.send(alice, "POST", "/api/drills/" + drill + "/teams/red/pages/PG-9/acknowledge", "{}").statusCode()).isEqualTo(404);
    }

    @Test
    @org.junit.jupiter.api.Tag("slow")
    void in_a_browser_the_link_takes_the_page_and_the_team_console_shows_who_took_it() throws Exception {
        Browsers.assumePresent();
        String base = "http://127.0.0.1:" + server.address().getPort();
        org.openqa.selenium.WebDriver browser = Browsers.chromium("en");
        try {
            browser.get(base + link().substring(link().indexOf("/pages/ack")));
            Browsers.click(browser, org.openqa.selenium.By.id("acknowledge"));
            assertThat(Browsers.textOf(browser, "#result", 10)).isEqualTo("PG-1 acknowledged by alice. The escalation has stopped.");
            Browsers.assertNoConsoleErrors(browser, "the page's acknowledge link");

            browser.get(base + "/?code=" + code);
            browser.findElement(org.openqa.selenium.By.id("join-name")).sendKeys("alice");
            browser.findElement(org.openqa.selenium.By.id("join-button")).click();
            Browsers.within(browser, 10).until(org.openqa.selenium.support.ui.ExpectedConditions.urlToBe(base + "/team"));
            assertThat(Browsers.textOf(browser, "#pages li[data-page='PG-1']", 10)).contains("too-few-instances")
                    .contains("taken by alice (link)");
            assertThat(Browsers.texts(browser, "#pages button")).as("nothing left to take").isEmpty();
            Browsers.screenshot(browser, "paging-team");
        } finally {
            browser.quit();
        }
    }
}
