package dev.kunren.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kunren.server.store.Databases;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Two real {@code kunren serve} processes on one PostgreSQL: the second does not run the drill the
 * first runs (the first holds its lease), and when the first is killed with SIGKILL the second takes
 * the drill over, paused where its timeline ends, within 30 s; the facilitator, still signed in,
 * resumes and ends it there.
 */
@Tag("slow")
class TwoServersTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PASSWORD = "correct horse battery staple";

    private final HttpClient http = HttpClient.newHttpClient();

    private record Server(Process process, String base) {
    }

    private static Server serve(String db) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "serve", "--port", "0", "--db", db).redirectErrorStream(true);
        builder.environment().put("KUNREN_FACILITATOR_PASSWORD", PASSWORD);
        Process process = builder.start();
        BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream()));
        String line;
        while ((line = lines.readLine()) != null && !line.startsWith("Kunren web app: ")) {
            // the banner comes once it listens
        }
        assertThat(line).as("kunren serve starts").isNotNull();
        Thread.ofVirtual().start(() -> lines.lines().forEach(l -> { }));
        return new Server(process, line.substring("Kunren web app: ".length()).split("\\s+")[0].replaceAll("/$", ""));
    }

    private HttpResponse<String> call(String base, String cookie, String csrf, String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (cookie != null) {
            request.header("Cookie", cookie).header("X-CSRF-Token", csrf);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private String phase(String base, String cookie, String csrf, String drill) throws Exception {
        HttpResponse<String> answer = call(base, cookie, csrf, "GET", "/api/drills/" + drill, null);
        return answer.statusCode() == 200 ? JSON.readTree(answer.body()).path("phase").asText() : String.valueOf(answer.statusCode());
    }

    /** Polls until the drill is in {@code phase} on {@code base}, at most {@code seconds}; returns the seconds it took. */
    private double awaitPhase(String base, String cookie, String csrf, String drill, String phase, int seconds) throws Exception {
        long start = System.nanoTime();
        String now;
        do {
            now = phase(base, cookie, csrf, drill);
            if (now.equals(phase)) {
                return (System.nanoTime() - start) / 1e9;
            }
            Thread.sleep(100);
        } while (System.nanoTime() - start < TimeUnit.SECONDS.toNanos(seconds));
        throw new AssertionError("drill " + drill + " was " + now + ", not " + phase + ", after " + seconds + " s");
    }

    @Test
    void the_second_server_takes_the_drill_over_within_30_seconds_of_the_first_dying() throws Exception {
        Databases.requirePostgres();
        String db = Databases.POSTGRES_URL + "&currentSchema=twonodes_" + Long.toHexString(System.nanoTime());
        Server first = serve(db);
        Server second = null;
        try {
            HttpResponse<String> signedIn = call(first.base(), null, null, "POST", "/api/session/facilitator",
                    "{\"password\":\"" + PASSWORD + "\"}");
            String cookie = signedIn.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
            String csrf = JSON.readTree(signedIn.body()).path("csrfToken").asText();
            String drill = JSON.readTree(call(first.base(), cookie, csrf, "POST", "/api/drills",
                    "{\"scenario\":\"first-drill\",\"speed\":10}").body()).path("id").asText();
            call(first.base(), cookie, csrf, "POST", "/api/drills/" + drill + "/teams", "{\"name\":\"red\"}");
            assertThat(call(first.base(), cookie, csrf, "POST", "/api/drills/" + drill + "/start", "").statusCode()).isEqualTo(200);
            awaitPhase(first.base(), cookie, csrf, drill, "running", 60);

            second = serve(db);
            assertThat(phase(second.base(), cookie, csrf, drill)).as("the second server does not run the first one's drill")
                    .isEqualTo("404");

            first.process().destroyForcibly();  // SIGKILL: its connections close, and its leases with them
            first.process().waitFor(20, TimeUnit.SECONDS);
            double took = awaitPhase(second.base(), cookie, csrf, drill, "paused", 30);
            System.out.printf("kunren: the second server took the drill over %.1f s after the first died%n", took);

            JsonNode events = JSON.readTree(call(second.base(), cookie, csrf, "GET", "/api/drills/" + drill + "/timeline", null).body());
            assertThat(events.findValuesAsText("type")).filteredOn("drill-started"::equals).hasSize(1);
            assertThat(events.get(events.size() - 1).path("event").path("type").asText()).isEqualTo("drill-restored");
            assertThat(call(second.base(), cookie, csrf, "POST", "/api/drills/" + drill + "/resume", "").statusCode()).isEqualTo(200);
            awaitPhase(second.base(), cookie, csrf, drill, "running", 60);
            assertThat(call(second.base(), cookie, csrf, "POST", "/api/drills/" + drill + "/end", "").statusCode()).isEqualTo(200);
            awaitPhase(second.base(), cookie, csrf, drill, "ended", 60);
            assertThat(call(second.base(), cookie, csrf, "GET", "/api/drills/" + drill + "/debrief.md", null).statusCode()).isEqualTo(200);
        } finally {
            first.process().destroyForcibly();
            if (second != null) {
                second.process().destroy();
                second.process().waitFor(20, TimeUnit.SECONDS);
                second.process().destroyForcibly();
            }
        }
    }
}
