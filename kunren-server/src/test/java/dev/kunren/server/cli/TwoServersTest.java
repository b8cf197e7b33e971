package dev.kunren.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kunren.server.store.Databases;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Two real {@code kunren serve} processes on one PostgreSQL. Either answers for every drill: the
 * facilitator and a member work through the one that does not run the drill (it hands their
 * requests to the one that does), and stream the drill from it (its events reach it through the
 * database). When the server running the drill is killed with SIGKILL, the other takes it over,
 * paused where its timeline ends, within 30 s, and the streams opened there go on.
 */
@Tag("slow")
class TwoServersTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PASSWORD = "correct horse battery staple";

    private final HttpClient http = HttpClient.newHttpClient();

    private record Caller(String cookie, String csrf) {
        static Caller of(HttpResponse<String> signedIn) throws Exception {
            return new Caller(signedIn.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0],
                    JSON.readTree(signedIn.body()).path("csrfToken").asText());
        }
    }

    /** One server-sent event as a browser gets it. */
    private record Sent(long id, String name, JsonNode data) {
        String type() {
            return data.path("event").path("type").asText();
        }
    }

    private HttpResponse<String> call(String base, Caller caller, String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (caller != null) {
            request.header("Cookie", caller.cookie()).header("X-CSRF-Token", caller.csrf());
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private String phase(String base, Caller caller, String drill) throws Exception {
        HttpResponse<String> answer = call(base, caller, "GET", "/api/drills/" + drill, null);
        return answer.statusCode() == 200 ? JSON.readTree(answer.body()).path("phase").asText() : String.valueOf(answer.statusCode());
    }

    /** Polls until the drill is in {@code phase} on {@code base}, at most {@code seconds}; returns the seconds it took. */
    private double awaitPhase(String base, Caller caller, String drill, String phase, int seconds) throws Exception {
        long start = System.nanoTime();
        String now;
        do {
            now = phase(base, caller, drill);
            if (now.equals(phase)) {
                return (System.nanoTime() - start) / 1e9;
            }
            Thread.sleep(100);
        } while (System.nanoTime() - start < TimeUnit.SECONDS.toNanos(seconds));
        throw new AssertionError("drill " + drill + " was " + now + ", not " + phase + ", after " + seconds + " s");
    }

    /** Opens the drill's live stream on {@code base}; what it sends lands in the queue, in order. */
    private BlockingQueue<Sent> stream(String base, Caller caller, String drill) throws Exception {
        HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(URI.create(base + "/api/drills/" + drill + "/stream"))
                .header("Cookie", caller.cookie()).build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        BlockingQueue<Sent> sent = new LinkedBlockingQueue<>();
        Thread.ofVirtual().start(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                long id = 0;
                String name = "message";
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    if (line.startsWith("id: ")) {
                        id = Long.parseLong(line.substring(4));
                    } else if (line.startsWith("event: ")) {
                        name = line.substring(7);
                    } else if (line.startsWith("data: ")) {
                        sent.add(new Sent(id, name, JSON.readTree(line.substring(6))));
                        name = "message";
                    }
                }
            } catch (Exception closed) {
                // the test is over
            }
        });
        return sent;
    }

    /** Takes what the stream sends until an event {@code matches}, at most {@code seconds}; returns all taken, that one last. */
    private static List<Sent> until(BlockingQueue<Sent> stream, Predicate<Sent> matches, int seconds) throws InterruptedException {
        List<Sent> taken = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            Sent next = stream.poll(100, TimeUnit.MILLISECONDS);
            if (next != null) {
                taken.add(next);
                if (matches.test(next)) {
                    return taken;
                }
            }
        }
        throw new AssertionError("not sent within " + seconds + " s; sent: " + taken.stream().map(Sent::type).toList());
    }

    @Test
    void either_server_answers_for_every_drill_and_the_other_takes_it_over_when_its_server_dies() throws Exception {
        Databases.requirePostgres();
        String db = Databases.POSTGRES_URL + "&currentSchema=twonodes_" + Long.toHexString(System.nanoTime());
        ServeProcess first = ServeProcess.start(db, PASSWORD);
        ServeProcess second = ServeProcess.start(db, PASSWORD);
        try {
            // the facilitator signs in on the second server and makes the drill on the first: the first runs it
            Caller facilitator = Caller.of(call(second.base(), null, "POST", "/api/session/facilitator",
                    "{\"password\":\"" + PASSWORD + "\"}"));
            String drill = JSON.readTree(call(first.base(), facilitator, "POST", "/api/drills",
                    "{\"scenario\":\"first-drill\",\"speed\":10}").body()).path("id").asText();

            // everything else through the second, which hands it to the first
            assertThat(call(second.base(), facilitator, "POST", "/api/drills/" + drill + "/teams", "{\"name\":\"red\"}").statusCode())
                    .isEqualTo(201);
            JsonNode listed = JSON.readTree(call(second.base(), facilitator, "GET", "/api/drills", null).body());
            assertThat(listed.findValuesAsText("id")).as("the second lists the drill the first runs, once").containsOnlyOnce(drill);
            String code = JSON.readTree(call(second.base(), facilitator, "GET", "/api/drills/" + drill, null).body())
                    .path("teams").get(0).path("joinCode").asText();
            Caller member = Caller.of(call(second.base(), null, "POST", "/api/session/join",
                    "{\"code\":\"" + code + "\",\"name\":\"Aiko\"}"));
            BlockingQueue<Sent> facilitatorsStream = stream(second.base(), facilitator, drill);
            BlockingQueue<Sent> membersStream = stream(second.base(), member, drill);
            assertThat(call(second.base(), facilitator, "POST", "/api/drills/" + drill + "/start", "").statusCode()).isEqualTo(200);
            awaitPhase(second.base(), facilitator, drill, "running", 60);

            // a member's command through the second reaches the first, and its event comes back on the second's stream
            long asked = System.nanoTime();
            HttpResponse<String> declared = call(second.base(), member, "POST", "/api/drills/" + drill + "/teams/red/incidents",
                    "{\"title\":\"Checkout fails\",\"severity\":\"SEV2\",\"components\":[\"checkout\"]}");
            assertThat(declared.statusCode()).as(declared.body()).isEqualTo(201);
            long seq = JSON.readTree(declared.body()).path("seq").asLong();
            List<Sent> toMember = until(membersStream, sent -> sent.id() == seq, 30);
            System.out.printf("kunren: an event made through one server reached a stream on the other %.0f ms after the command%n",
                    (System.nanoTime() - asked) / 1e6);
            assertThat(toMember.getLast().type()).isEqualTo("incident-declared");
            assertThat(toMember).as("a member sees their team's events only").noneMatch(sent -> sent.type().equals("fault-injected"));
            List<Sent> toFacilitator = until(facilitatorsStream, sent -> sent.id() == seq, 30);
            assertThat(toFacilitator).extracting(Sent::id).as("every event, in order, none missing")
                    .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, seq).boxed().toList());

            // the first dies: the second takes the drill over, and the streams opened on it go on
            first.process().destroyForcibly();  // SIGKILL: its connections close, and its leases with them
            first.process().waitFor(20, TimeUnit.SECONDS);
            double took = awaitPhase(second.base(), facilitator, drill, "paused", 30);
            System.out.printf("kunren: the second server took the drill over %.1f s after the first died%n", took);
            List<Sent> afterDeath = until(facilitatorsStream, sent -> sent.type().equals("drill-restored"), 30);
            assertThat(afterDeath).extracting(Sent::id).as("still in order after the takeover")
                    .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(seq + 1, afterDeath.getLast().id()).boxed().toList());

            assertThat(call(second.base(), facilitator, "POST", "/api/drills/" + drill + "/resume", "").statusCode()).isEqualTo(200);
            awaitPhase(second.base(), facilitator, drill, "running", 60);
            assertThat(call(second.base(), facilitator, "POST", "/api/drills/" + drill + "/end", "").statusCode()).isEqualTo(200);
            assertThat(until(membersStream, sent -> sent.name().equals("end"), 60)).isNotEmpty();
            assertThat(until(facilitatorsStream, sent -> sent.name().equals("end"), 60)).isNotEmpty();
            awaitPhase(second.base(), facilitator, drill, "ended", 60);
            assertThat(call(second.base(), facilitator, "GET", "/api/drills/" + drill + "/debrief.md", null).statusCode()).isEqualTo(200);

            // signing out on one server signs out on every one
            ServeProcess third = ServeProcess.start(db, PASSWORD);
            try {
                assertThat(JSON.readTree(call(third.base(), member, "GET", "/api/session", null).body()).path("role").asText())
                        .isEqualTo("member");
                assertThat(call(second.base(), member, "POST", "/api/session/logout", "").statusCode()).isEqualTo(200);
                long signedOut = System.nanoTime();
                while (!JSON.readTree(call(third.base(), member, "GET", "/api/session", null).body()).path("role").asText().equals("none")) {
                    assertThat(System.nanoTime() - signedOut).as("signed out on the third server within 10 s")
                            .isLessThan(TimeUnit.SECONDS.toNanos(10));
                    Thread.sleep(100);
                }
            } finally {
                third.process().destroy();
                third.process().waitFor(20, TimeUnit.SECONDS);
            }
        } finally {
            first.process().destroyForcibly();
            second.process().destroy();
            second.process().waitFor(20, TimeUnit.SECONDS);
            second.process().destroyForcibly();
        }
    }
}
