package dev.kunren.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kunren.engine.timeline.EventRecord;
import dev.kunren.engine.timeline.TimelineEvent;
import dev.kunren.server.store.Databases;
import dev.kunren.server.store.JdbcEventStore;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A real {@code kunren run} killed with SIGKILL mid-drill, then {@code kunren run --resume} on the
 * same database (embedded H2, and PostgreSQL): the drill runs on to its end on one timeline, what
 * the team did before the crash is in it once, and the report is written.
 */
@Tag("slow")
class RunCrashTest {

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();

    private String database(String kind) {
        if (kind.equals("h2")) {
            return "jdbc:h2:file:" + dir.resolve("kunren").toAbsolutePath();
        }
        Databases.requirePostgres();
        return Databases.POSTGRES_URL + "&currentSchema=runcrash_" + Long.toHexString(System.nanoTime());
    }

    private record Run(Process process, BlockingQueue<String> lines, List<String> seen) {
        /** The next line of output that starts with {@code prefix}, within a minute. */
        String await(String prefix) throws InterruptedException {
            return awaitLine(prefix, line -> line.startsWith(prefix));
        }

        String awaitLine(String what, java.util.function.Predicate<String> matches) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline) {
                String line = lines.poll(100, TimeUnit.MILLISECONDS);
                if (line != null && matches.test(line)) {
                    return line;
                }
            }
            throw new AssertionError("no line \"" + what + "\" within 60 s; output was " + seen);
        }
    }

    private Run kunren(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        List<String> seen = java.util.Collections.synchronizedList(new ArrayList<>());
        BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream()));
        Thread.ofVirtual().start(() -> reader.lines().forEach(line -> {
            seen.add(line);
            lines.add(line);
        }));
        return new Run(process, lines, seen);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void a_drill_killed_mid_run_is_taken_back_with_resume_and_runs_to_its_end_on_one_timeline(String kind) throws Exception {
        String db = database(kind);
        Run first = kunren("run", "scenarios/first-drill.yaml", "--speed", "20", "--db", db, "--console-port", "0",
                "--out", dir.resolve("first").toString());
        String drillId;
        try {
            drillId = first.await("Drill ").substring("Drill ".length()).split(":")[0];
            String api = first.await("Console API: ").substring("Console API: ".length()).split("\\s+")[0];
            String token = first.await("Token: ").substring("Token: ".length()).split("\\s+")[0];
            first.awaitLine("a status line", line -> line.contains("/06:00  score"));  // the drill runs
            HttpResponse<String> scaled = http.send(HttpRequest.newBuilder(URI.create(api + "/scaling-group"))
                    .header("Authorization", "Bearer " + token).header("X-Kunren-Actor", "alice")
                    .method("PUT", HttpRequest.BodyPublishers.ofString("{\"max\": 7}")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(scaled.statusCode()).as(scaled.body()).isEqualTo(200);
            for (int window = 0; window < 3; window++) {  // a status line per SLI window: the call is long written by the third
                first.awaitLine("a status line", line -> line.contains("/06:00  score"));
            }
            Run meanwhile = kunren("run", "scenarios/first-drill.yaml", "--resume", drillId, "--db", db, "--console-port", "0",
                    "--out", dir.resolve("meanwhile").toString());
            String refusal = kind.equals("h2") ? "is in use by another kunren process" : "is still running in another Kunren process";
            meanwhile.awaitLine(refusal, line -> line.contains(refusal));
            assertThat(meanwhile.process().waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(meanwhile.process().exitValue()).as("a drill still running is not taken back").isNotZero();
        } finally {
            first.process().destroyForcibly();  // SIGKILL: no shutdown hook, no halt, no last write
            first.process().waitFor(20, TimeUnit.SECONDS);
        }

        Run second = kunren("run", "scenarios/first-drill.yaml", "--resume", drillId, "--speed", "60", "--db", db,
                "--console-port", "0", "--out", dir.resolve("second").toString());
        assertThat(second.await("Taking back drill " + drillId)).contains("its environment is rebuilt");
        assertThat(second.process().waitFor(120, TimeUnit.SECONDS)).as("the drill runs to its end").isTrue();
        assertThat(second.process().exitValue()).as(String.join("\n", second.seen())).isZero();
        assertThat(Files.readString(dir.resolve("second/report.md"))).contains(drillId);

        JdbcEventStore store = JdbcEventStore.open(db, null, null);
        try {
            List<EventRecord> events = store.events(drillId);
            assertThat(events).extracting(EventRecord::seq).containsExactlyElementsOf(
                    LongStream.rangeClosed(1, events.size()).boxed().toList());
            assertThat(events).filteredOn(r -> r.event() instanceof TimelineEvent.DrillStarted).hasSize(1);
            assertThat(events).filteredOn(r -> r.event() instanceof TimelineEvent.DrillRestored).singleElement()
                    .satisfies(r -> assertThat(((TimelineEvent.DrillRestored) r.event()).notes()).isEmpty());
            assertThat(events).filteredOn(r -> r.event() instanceof TimelineEvent.ConsoleOperation op && op.actor().equals("alice"))
                    .as("the team's call before the crash is on the timeline once, not done again as a new event").hasSize(1);
            assertThat(events.getLast().event()).isInstanceOfSatisfying(TimelineEvent.DrillEnded.class,
                    ended -> assertThat(ended.reason()).isEqualTo(TimelineEvent.EndReason.COMPLETED));
        } finally {
            store.close();
        }
    }
}
