package dev.kunren.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CliTest {

    private static final String TINY = """
            name: tiny
            title: Tiny drill
            duration: 30s
            traffic:
              rate: 20
            alerts:
              - name: cpu-high
                metric: cpu
                above: 90
            injects:
              - at: 10s
                fault: cpu-hog
                target: web-1
                duration: 10s
            """;

    @TempDir
    Path dir;

    record Result(int code, String out, String err) {
    }

    static Result kunren(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(code, out.toString(), err.toString());
    }

    private Path file(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        return file;
    }

    @Test
    void resume_refuses_an_unknown_drill_an_ended_one_and_another_scenarios_with_exit_2() {
        String url = "jdbc:h2:file:" + dir.resolve("kunren").toAbsolutePath();
        var store = dev.kunren.server.store.JdbcEventStore.open(url, "", "");
        try {
            for (String id : List.of("ended-1", "cut-1")) {
                store.createDrill(id, "tiny", java.time.Instant.now());
                var timeline = new dev.kunren.engine.timeline.Timeline(id, store.sink(), java.time.Clock.systemUTC());
                timeline.append(java.time.Duration.ZERO, new dev.kunren.engine.timeline.TimelineEvent.DrillStarted("tiny", "Tiny drill",
                        1, 7, java.time.Duration.ofMinutes(1), 0.99, java.time.Duration.ofMillis(300), java.time.Duration.ofSeconds(10),
                        List.of("web-1"), List.of("team-1")));
                if (id.equals("ended-1")) {
                    timeline.append(java.time.Duration.ofSeconds(60), new dev.kunren.engine.timeline.TimelineEvent.DrillEnded(
                            dev.kunren.engine.timeline.TimelineEvent.EndReason.COMPLETED, "ran its course"));
                }
            }
        } finally {
            store.close();
        }

        Result unknown = kunren("run", "scenarios/first-drill.yaml", "--resume", "nope", "--db", url);
        Result ended = kunren("run", "scenarios/first-drill.yaml", "--resume", "ended-1", "--db", url);
        Result other = kunren("run", "scenarios/first-drill.yaml", "--resume", "cut-1", "--db", url);

        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.err()).contains("--resume: no drill nope in the database");
        assertThat(ended.code()).isEqualTo(2);
        assertThat(ended.err()).contains("drill ended-1 cannot be taken back: the drill has ended");
        assertThat(other.code()).isEqualTo(2);
        assertThat(other.err()).contains("drill cut-1 ran scenario tiny, not first-drill");
        assertThat(unknown.err() + ended.err() + other.err()).doesNotContain("Exception", "\tat ");
    }

    @Test
    void validate_accepts_the_shipped_first_drill() {
        Result result = kunren("validate", "scenarios/first-drill.yaml");

        assertThat(result.code()).isZero();
        assertThat(result.out()).contains("scenarios/first-drill.yaml: ok (first-drill, 1 inject, 3 alert rules)");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "wrong type        | rate: 20                      | rate: fast              | :5:9: rate must be a number, but was \"fast\"",
            "unknown fault     | fault: cpu-hog                | fault: cpu-hgo          | :12:12: fault type \"cpu-hgo\" is unknown; expected one of corrupt-config, cpu-hog, cut-route",
            "negative duration | duration: 10s                 | duration: -10s          | :14:15: duration must be >= 1s, but was -10s",
            "missing field     | `title: Tiny drill\n`         | ``                      | :1:1: missing key \"title\" in the scenario",
            "YAML syntax error | `  - at: 10s`                 | `  - at: [10s`          | :12:10: YAML syntax error: expected ',' or ']', but got : (while parsing a flow sequence that starts at line 11, column 9)",
    })
    void validate_reports_each_broken_scenario_at_its_position(String name, String from, String to, String expected) throws IOException {
        Path broken = file("broken.yaml", TINY.replace(from.replace("\\n", "\n"), to));

        Result result = kunren("validate", broken.toString());

        assertThat(result.code()).isEqualTo(1);
        assertThat(result.err()).startsWith(broken + expected);
        assertThat(result.err()).doesNotContain("Exception", "\tat ");
    }

    @Test
    void validate_reports_an_empty_file_and_a_5_mb_file() throws IOException {
        Path empty = file("empty.yaml", "");
        Path huge = file("huge.yaml", TINY + "#" + "x".repeat(5_000_000));

        Result result = kunren("validate", empty.toString(), huge.toString());

        assertThat(result.code()).isEqualTo(1);
        assertThat(result.err()).contains(empty + ":1:1: the file is empty")
                .contains(huge + ":1:1: the file is 5.0 MB; scenario files may be at most 1 MB")
                .doesNotContain("Exception");
    }

    @Test
    void bad_usage_exits_with_2() {
        assertThat(kunren("validate").code()).isEqualTo(2);
        assertThat(kunren("validate", "no/such/file.yaml").code()).isEqualTo(2);
        assertThat(kunren("run").code()).isEqualTo(2);
        assertThat(kunren("run", "scenarios/first-drill.yaml", "--speed", "fast").code()).isEqualTo(2);
        assertThat(kunren("run", "scenarios/first-drill.yaml", "--speed", "0").code()).isEqualTo(2);
        assertThat(kunren("run", "scenarios/first-drill.yaml", "--frobnicate").code()).isEqualTo(2);
        assertThat(kunren("run", "no/such/file.yaml").err()).contains("no such scenario file: no/such/file.yaml");
        Result typo = kunren("run", "first-drill");
        assertThat(typo.err()).as("one line, a suggestion and where the help is, not the whole usage")
                .isEqualTo("kunren run: no such scenario file: first-drill; did you mean scenarios/first-drill.yaml?\n"
                        + "Run 'kunren run --help' for usage.\n");
        assertThat(kunren("run", "scenarios/first-drill.yaml", "--sped", "10").err()).contains("Unknown options: '--sped'")
                .contains("Possible solutions: --speed").doesNotContain("Usage:");
        assertThat(kunren("dance").code()).isEqualTo(2);
        assertThat(kunren("serve", "--smtp", "mail.example.com:smtp", "--db", "jdbc:h2:mem:unused").err())
                .contains("--smtp is HOST:PORT, such as smtp.example.com:587");
        assertThat(kunren("serve", "--public-url", "kunren.example.com", "--db", "jdbc:h2:mem:unused").code()).isEqualTo(2);
        Result nodeUrl = kunren("serve", "--node-url", "10.0.0.5:8080/path", "--db", "jdbc:h2:mem:unused");
        assertThat(nodeUrl.code()).isEqualTo(2);
        assertThat(nodeUrl.err()).contains("--node-url is where the other Kunren servers reach this one, such as http://10.0.0.5:8080");
        assertThat(kunren("serve", "--oidc-issuer", "https://login.example.com", "--db", "jdbc:h2:mem:unused").err())
                .contains("--oidc-issuer and --oidc-client-id go together");
        assertThat(kunren("run", "scenarios/first-drill.yaml", "--chat", "ftp://chat.example/hook").err())
                .contains("--chat: a webhook is an http:// or https:// URL");
        assertThat(kunren("run", "scenarios/first-drill.yaml", "--out", "README.md").err())
                .contains("--out must be a folder, but README.md is a file");
        assertThat(kunren("validate", "scenarios").err()).contains("scenarios: a folder, not a scenario file");
        Result unwritable = kunren("run", "scenarios/first-drill.yaml", "--out", "/proc/kunren-report");  // no one may write there, root neither
        assertThat(unwritable.code()).as("found before the drill, not after it").isEqualTo(2);
        assertThat(unwritable.err()).contains("cannot write the report into /proc/kunren-report").doesNotContain("Drill ");
        assertThat(kunren().code()).isEqualTo(2);
        Result noLibrary = kunren("serve", "--library", "no/such/library", "--db", "jdbc:h2:mem:unused");
        assertThat(noLibrary.code()).isEqualTo(2);
        assertThat(noLibrary.err()).contains("no scenario library at no/such/library");
        assertThat(kunren("demo", "--library", "no/such/library").code()).isEqualTo(2);
        Result halfTls = kunren("serve", "--tls-cert", "cert.pem", "--db", "jdbc:h2:mem:unused");
        assertThat(halfTls.code()).isEqualTo(2);
        assertThat(halfTls.err()).contains("--tls-cert and --tls-key go together");
        assertThat(kunren("serve", "--tls-self-signed", "--tls-cert", "a", "--tls-key", "b").code()).isEqualTo(2);
        assertThat(kunren("demo", "--host", "no.such.host.invalid").err()).contains("--host no.such.host.invalid");
    }

    @Test
    void serve_on_a_busy_port_fails_before_it_makes_a_password_and_the_next_start_shows_one() throws IOException {
        String db = "jdbc:h2:file:" + dir.resolve("serve").toAbsolutePath();
        try (java.net.ServerSocket busy = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Result first = kunren("serve", "--port", String.valueOf(busy.getLocalPort()), "--db", db);
            assertThat(first.code()).isEqualTo(1);
            assertThat(first.err()).contains("cannot listen on 127.0.0.1:" + busy.getLocalPort()).contains("choose another --port");
        }
        try (var store = dev.kunren.server.store.JdbcEventStore.open(db, "", "")) {
            assertThat(new dev.kunren.server.web.FacilitatorPassword(store).isSet())
                    .as("no password was made that nobody saw").isFalse();
        }
    }

    @Test
    void a_tls_key_that_cannot_be_used_is_one_clear_line() throws IOException {
        Path cert = file("cert.pem", "no certificate here");
        Result result = kunren("serve", "--tls-cert", cert.toString(), "--tls-key", cert.toString(), "--db", "jdbc:h2:mem:unused");
        assertThat(result.code()).isEqualTo(1);
        assertThat(result.err()).startsWith("kunren: error: ").contains("cert.pem holds no -----BEGIN CERTIFICATE----- block")
                .doesNotContain("Exception");
    }

    @Test
    void run_refuses_an_invalid_scenario_with_its_errors() throws IOException {
        Path broken = file("broken.yaml", TINY.replace("cpu-hog", "cpu-hgo"));

        Result result = kunren("run", broken.toString(), "--db", "jdbc:h2:mem:unused");

        assertThat(result.code()).isEqualTo(1);
        assertThat(result.err()).contains(broken + ":12:12: fault type \"cpu-hgo\" is unknown");
    }

    @Test
    void run_writes_the_report_files_and_says_where() throws IOException {
        Path scenario = file("tiny.yaml", TINY);
        Path out = dir.resolve("report");

        java.util.List<String> chat = new java.util.concurrent.CopyOnWriteArrayList<>();
        com.sun.net.httpserver.HttpServer hook = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        hook.createContext("/hook", exchange -> {
            chat.add(new String(exchange.getRequestBody().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        hook.start();
        Result result;
        try {
            result = kunren("run", scenario.toString(), "--speed", "30", "--out", out.toString(),
                    "--db", "jdbc:h2:mem:cli-run", "--seed", "1", "--chat", "http://127.0.0.1:" + hook.getAddress().getPort() + "/hook");
        } finally {
            hook.stop(0);
        }

        assertThat(result.code()).as(result.err()).isZero();
        assertThat(chat).as("the team's chat hears the drill from start to end, never the injected fault")
                .first().asString().isEqualTo("{\"text\":\"`00:00` :checkered_flag: Drill started: Tiny drill\"}");
        assertThat(chat).last().asString().contains(":checkered_flag: Drill ended (completed)");
        assertThat(chat).noneMatch(post -> post.contains("cpu-hog"));
        assertThat(result.out()).contains("Drill completed").contains("Report: " + out.resolve("report.md"));
        assertThat(result.out()).contains("FAULT     cpu-hog-1: cpu-hog on web-1").contains("REVERTED  cpu-hog-1 (time limit)");
        JsonNode report = new ObjectMapper().readTree(out.resolve("report.json").toFile());
        assertThat(report.at("/totals/requests").asLong()).isPositive();
        assertThat(report.at("/faults/0/revertReason").asText()).isEqualTo("time_limit");
        assertThat(Files.readString(out.resolve("report.md"))).startsWith("# Drill report: Tiny drill");
        String html = Files.readString(out.resolve("report.html"));
        assertThat(html).as("report.html says what report.md says").contains("<th>reached at</th>").contains("<th>budget used</th>")
                .contains("<h3>Alerts</h3>").containsPattern("Notifications: \\d+ delivered, 0 failed\\.").doesNotContain("*(");
        assertThat(Files.readAllLines(out.resolve("timeline.jsonl"))).first().asString().contains("\"type\":\"drill-started\"");
    }

    @Test
    void report_writes_a_stored_drills_debrief_in_the_format_asked() throws IOException {
        Path scenario = file("tiny.yaml", TINY);
        String db = "jdbc:h2:file:" + dir.resolve("store").toAbsolutePath();
        Result run = kunren("run", scenario.toString(), "--speed", "30", "--out", dir.resolve("run").toString(), "--db", db, "--seed", "1");
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(dir.resolve("run").resolve("report.html")).content().startsWith("<!doctype html>").contains("<svg");
        String drillId = run.out().lines().filter(l -> l.startsWith("Drill ") && l.contains(": ")).findFirst().orElseThrow()
                .substring("Drill ".length()).split(":")[0];

        Path out = dir.resolve("debrief");
        Result html = kunren("report", drillId, "--format", "html", "--out", out.toString(), "--db", db);
        assertThat(html.code()).as(html.err()).isZero();
        assertThat(html.out()).contains("Debrief of " + drillId + ": " + out.resolve("debrief.html"));
        assertThat(out.resolve("debrief.html")).content().contains("Time to detect").contains("class=\"kunren-chart\"");
        Result json = kunren("report", drillId, "--format", "json", "--out", out.toString(), "--db", db);
        assertThat(json.code()).isZero();
        assertThat(new ObjectMapper().readTree(out.resolve("debrief.json").toFile()).at("/reports/0/stages/0/key").asText())
                .isEqualTo("time-to-detect");
        assertThat(kunren("report", "list", "--db", db).out()).contains(drillId + "  tiny");

        Result unknown = kunren("report", "no-such-drill", "--db", db);
        assertThat(unknown.code()).isEqualTo(1);
        assertThat(unknown.err()).startsWith("kunren: error: no drill no-such-drill").contains("kunren report list");
        Result badFormat = kunren("report", drillId, "--format", "pdf", "--db", db);
        assertThat(badFormat.code()).isEqualTo(2);
        assertThat(badFormat.err()).contains("--format").contains("md, html, json");
        assertThat(kunren("report", drillId, "--team", "purple", "--db", db).err()).contains("has no team purple");

        Result japanese = kunren("report", drillId, "--lang", "ja", "--out", out.toString(), "--db", db);
        assertThat(japanese.code()).as(japanese.err()).isZero();
        assertThat(out.resolve("debrief.md")).content().startsWith("# 訓練レポート：").contains("検知までの時間");
        Result french = kunren("report", drillId, "--lang", "fr", "--db", db);
        assertThat(french.code()).isEqualTo(2);
        assertThat(french.err()).contains("--lang").contains("en, ja");
    }

    @Test
    void an_unreachable_database_is_a_clear_error_not_a_stack_trace() {
        Result result = kunren("run", "scenarios/first-drill.yaml", "--db", "jdbc:postgresql://127.0.0.1:1/kunren");

        assertThat(result.code()).isEqualTo(1);
        assertThat(result.err()).startsWith("kunren: error: cannot connect to the database at jdbc:postgresql://127.0.0.1:1/kunren")
                .doesNotContain("\tat ");
        assertThat(result.out()).as("no drill was announced that could not store its timeline").doesNotContain("Drill ")
                .doesNotContain("Console API");

        Result notJdbc = kunren("run", "scenarios/first-drill.yaml", "--db", "postgresql://127.0.0.1/kunren");
        assertThat(notJdbc.code()).isEqualTo(2);
        assertThat(notJdbc.err()).contains("--db takes a JDBC URL, which starts with jdbc: — did you mean jdbc:postgresql://127.0.0.1/kunren?");
    }
}
