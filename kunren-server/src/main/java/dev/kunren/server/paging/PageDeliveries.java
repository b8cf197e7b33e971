package dev.kunren.server.paging;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kunren.engine.oncall.OnCall;
import dev.kunren.engine.oncall.PageDelivery;
import dev.kunren.engine.timeline.TimelineEvent.PageDelivered;
import dev.kunren.engine.timeline.TimelineEvent.PageSent;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Supplier;

/**
 * Takes a page to its person outside Kunren: to their webhook as PagerDuty's Events API v2 takes
 * an event ({@code event_action: trigger}, a {@code dedup_key} per page, the acknowledge link in
 * {@code links}), and by e-mail over SMTP (STARTTLS when the server offers it; a user and password
 * from the environment when given). Each outcome goes on the timeline.
 */
public final class PageDeliveries implements PageDelivery {

    /** Where e-mail goes out: host, port, the sender, and a login if the server needs one. */
    public record Smtp(String host, int port, String from, Optional<String> user, Optional<String> password) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Supplier<Optional<Smtp>> smtp;
    private final PageLinks links;
    private final Supplier<Optional<String>> baseUrl;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /**
     * @param baseUrl where people open this server (for the acknowledge link); empty: pages carry no
     *                link (a headless drill's console API is not for them), and are acknowledged
     *                from the console
     */
    public PageDeliveries(Supplier<Optional<Smtp>> smtp, PageLinks links, Supplier<Optional<String>> baseUrl) {
        this.smtp = smtp;
        this.links = links;
        this.baseUrl = baseUrl;
    }

    @Override
    public List<PageDelivered> deliver(String drillId, String team, PageSent page, OnCall.Person person) {
        Optional<String> link = baseUrl.get().map(base -> base + "/pages/ack?t="
                + links.token(new PageLinks.Claim(drillId, team, page.pageId(), page.level(), person.name())));
        List<PageDelivered> outcomes = new ArrayList<>();
        if (!person.webhook().isEmpty()) {
            String outcome = webhook(drillId, team, page, person, link);
            outcomes.add(new PageDelivered(page.pageId(), person.name(), "webhook", outcome.startsWith("HTTP 2"), outcome));
        }
        if (!person.email().isEmpty()) {
            outcomes.add(email(drillId, team, page, person, link));
        }
        return outcomes;
    }

    /** The event PagerDuty's Events API v2 takes, for one page to one person. */
    static Map<String, Object> event(String drillId, String team, PageSent page, OnCall.Person person, Optional<String> link) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("drill", drillId);
        details.put("team", team);
        details.put("page", page.pageId());
        details.put("level", page.level());
        details.put("person", person.name());
        details.put("alert", page.rule());
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("summary", summary(team, page, person));
        payload.put("source", "kunren/" + drillId + "/" + team);
        payload.put("severity", "critical");
        payload.put("component", page.rule());
        payload.put("group", team);
        payload.put("class", "kunren-drill");
        payload.put("custom_details", details);
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("routing_key", "kunren-" + team);
        event.put("event_action", "trigger");
        event.put("dedup_key", drillId + "/" + team + "/" + page.pageId());
        event.put("payload", payload);
        event.put("client", "Kunren");
        link.ifPresent(l -> event.put("links", List.of(Map.of("href", l, "text", "Acknowledge " + page.pageId()))));
        return event;
    }

    static String summary(String team, PageSent page, OnCall.Person person) {
        return "[drill] " + page.rule() + " is firing for team " + team + ": " + person.name() + ", you are paged ("
                + page.pageId() + ", level " + page.level() + ")";
    }

    private String webhook(String drillId, String team, PageSent page, OnCall.Person person, Optional<String> link) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(person.webhook())).timeout(Duration.ofSeconds(5))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(event(drillId, team, page, person, link)))).build();
            return "HTTP " + client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException | IllegalArgumentException e) {
            return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    private PageDelivered email(String drillId, String team, PageSent page, OnCall.Person person, Optional<String> link) {
        Optional<Smtp> configured = smtp.get();
        if (configured.isEmpty()) {
            return new PageDelivered(page.pageId(), person.name(), "email", false, "no SMTP server: start Kunren with --smtp HOST:PORT");
        }
        Smtp server = configured.get();
        Properties properties = new Properties();
        properties.put("mail.smtp.host", server.host());
        properties.put("mail.smtp.port", String.valueOf(server.port()));
        properties.put("mail.smtp.starttls.enable", "true");
        properties.put("mail.smtp.connectiontimeout", "5000");
        properties.put("mail.smtp.timeout", "5000");
        properties.put("mail.smtp.writetimeout", "5000");
        properties.put("mail.smtp.auth", String.valueOf(server.user().isPresent()));
        try {
            Session session = Session.getInstance(properties);
            MimeMessage message = new MimeMessage(session);
            message.setFrom(new InternetAddress(server.from()));
            message.setRecipient(Message.RecipientType.TO, new InternetAddress(person.email(), true));
            message.setSubject("[Kunren] " + page.pageId() + ": " + page.rule() + " is firing (team " + team + ")", "UTF-8");
            message.setText(summary(team, page, person) + "\n\n"
                    + link.map(l -> "Acknowledge: " + l + "\n\n").orElse("Acknowledge it in the team console, or: kunren console ack-page "
                    + page.pageId() + " --as " + person.name() + "\n\n")
                    + "Not acknowledged in time, the page escalates.\nDrill " + drillId + "\n", StandardCharsets.UTF_8.name());
            message.setHeader("X-Kunren-Page", drillId + "/" + team + "/" + page.pageId());
            if (server.user().isPresent()) {
                Transport.send(message, server.user().get(), server.password().orElse(""));
            } else {
                Transport.send(message);
            }
            return new PageDelivered(page.pageId(), person.name(), "email", true, "sent to " + person.email());
        } catch (MessagingException e) {
            return new PageDelivered(page.pageId(), person.name(), "email", false, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }
}
