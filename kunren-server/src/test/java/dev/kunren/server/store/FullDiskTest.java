package dev.kunren.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.kunren.engine.timeline.EventJson;
import dev.kunren.engine.timeline.EventRecord;
import dev.kunren.engine.timeline.Timeline;
import dev.kunren.engine.timeline.TimelineEvent;
import dev.kunren.server.cli.Main;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A full disk under the embedded database, on a real small disk: a 24 MB tmpfs this test mounts
 * (root only; skipped elsewhere, unless KUNREN_REQUIRE_SMALL_DISK says CI must have it). A full
 * disk is refused before a drill, by the store and by {@code kunren run}'s report folder; one that
 * fills in the middle of a drill loses nothing: what was written stays in the database, the rest
 * is saved beside the runs, and the store says the disk is full rather than H2's "closed".
 */
class FullDiskTest {

    private static final Path DISK = Path.of("target", "small-disk").toAbsolutePath();

    @BeforeAll
    static void mountSmallDisk() throws Exception {
        Files.createDirectories(DISK);
        int mounted = run("mount", "-t", "tmpfs", "-o", "size=24m", "tmpfs", DISK.toString());
        if (mounted != 0) {
            if ("1".equals(System.getenv("KUNREN_REQUIRE_SMALL_DISK"))) {
                throw new AssertionError("a 24 MB tmpfs is required (KUNREN_REQUIRE_SMALL_DISK=1), but mount failed (root?)");
            }
            Assumptions.abort("mounting a small tmpfs needs root");
        }
    }

    @AfterAll
    static void unmount() throws Exception {
        run("umount", "-l", DISK.toString());
    }

    @AfterEach
    void emptyTheDisk() throws IOException {
        try (Stream<Path> files = Files.walk(DISK)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).filter(f -> !f.equals(DISK)).toList()) {
                Files.delete(file);
            }
        }
    }

    @Test
    void a_full_disk_is_refused_before_the_drill_and_nothing_is_made_on_it() throws IOException {
        fill(1024 * 1024);

        assertThatThrownBy(() -> JdbcEventStore.requireRoomForDrills("jdbc:h2:file:" + DISK.resolve("kunren")))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("the disk holding the embedded database " + DISK.resolve("kunren.mv.db"))
                .hasMessageContaining("KB free, and a drill needs at least 16 MB there");
        assertThat(DISK.resolve("kunren.mv.db")).doesNotExist();

        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(new String[] {"run", "scenarios/first-drill.yaml", "--db", "jdbc:h2:file:" + DISK.resolve("kunren")},
                new PrintWriter(out, true), new PrintWriter(err, true));
        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).as("one line that says what to do, no stack trace")
                .contains("a drill needs at least 16 MB there: free some space, or choose another place with --db")
                .doesNotContain("\tat ").hasLineCount(1);
        assertThat(out.toString()).as("no drill was started").doesNotContain("Drill ");

        err.getBuffer().setLength(0);
        code = Main.execute(new String[] {"run", "scenarios/first-drill.yaml", "--out", DISK.resolve("report").toString(),
                "--db", "jdbc:h2:mem:full-disk"}, new PrintWriter(out, true), new PrintWriter(err, true));
        assertThat(code).as("a report folder on a full disk is a usage error, found before the drill").isEqualTo(2);
        assertThat(err.toString()).contains("cannot write the report into " + DISK.resolve("report") + ": its disk has")
                .contains("KB free, and a drill starts with at least 16 MB there");
    }

    @Test
    void a_disk_that_fills_in_the_middle_of_a_drill_keeps_every_event() throws Exception {
        String drillId = "full-disk-" + System.nanoTime();
        Path saved;
        try (JdbcEventStore store = JdbcEventStore.open("jdbc:h2:file:" + DISK.resolve("kunren"), "sa", "")) {
            store.createDrill(drillId, "full-disk", Instant.now());
            Timeline timeline = new Timeline(drillId, store.sink(), Clock.systemUTC());
            for (int i = 1; i <= 20; i++) {
                timeline.append(Duration.ofSeconds(i), new TimelineEvent.IncidentNoteAdded("INC-1", "note " + i, "aiko"));
            }
            assertThat(store.flush(Duration.ofSeconds(10))).as("the first events are written while there is room").isTrue();

            fill(0);
            String longNote = "x".repeat(20_000);  // more than the few bytes H2 might still find
            for (int i = 21; i <= 50; i++) {
                timeline.append(Duration.ofSeconds(i), new TimelineEvent.IncidentNoteAdded("INC-1", longNote, "aiko"));
            }
            await().atMost(10, TimeUnit.SECONDS).until(() -> !store.health().available());
            assertThat(store.health().problem()).as("what the store says is wrong")
                    .contains("the disk holding " + DISK.resolve("kunren.mv.db") + " is full");
            Instant closing = Instant.now();
            java.io.PrintStream stderr = System.err;
            java.io.ByteArrayOutputStream said = new java.io.ByteArrayOutputStream();
            System.setErr(new java.io.PrintStream(said, true, java.nio.charset.StandardCharsets.UTF_8));
            try {
                store.close();
                store.close();  // as try-with-resources does again: nothing is saved twice
            } finally {
                System.setErr(stderr);
            }
            saved = savedSince(closing, drillId);
            assertThat(said.toString(java.nio.charset.StandardCharsets.UTF_8)).as("what Kunren tells the person who closed it")
                    .contains(read(saved).size() + " events it could not take are saved in " + saved.toAbsolutePath())
                    .contains("kunren recover " + saved.toAbsolutePath() + " --db 'jdbc:h2:file:" + DISK.resolve("kunren") + "' --db-user sa");
        }
        List<EventRecord> unwritten = read(saved);

        // a full disk still lets the debriefs be read
        StringWriter listed = new StringWriter();
        StringWriter listErr = new StringWriter();
        int listCode = Main.execute(new String[] {"report", "list", "--db", "jdbc:h2:file:" + DISK.resolve("kunren"), "--db-user", "sa"},
                new PrintWriter(listed, true), new PrintWriter(listErr, true));
        assertThat(listCode).as("kunren report list on the full disk: " + listErr).isZero();
        assertThat(listed.toString()).contains(drillId);

        Files.delete(DISK.resolve("filler"));
        try (JdbcEventStore store = JdbcEventStore.open("jdbc:h2:file:" + DISK.resolve("kunren"), "sa", "")) {
            List<EventRecord> kept = new ArrayList<>(store.events(drillId));
            assertThat(kept).as("the events written before the disk filled are still in the database").hasSizeGreaterThanOrEqualTo(20);
            kept.addAll(unwritten);
            assertThat(kept.stream().map(EventRecord::seq)).as("the database and the saved file together: every event, in order")
                    .containsExactlyElementsOf(LongStream.rangeClosed(1, 50).boxed().toList());
        }

        // with room again, `kunren recover` writes the saved events in; a second time changes nothing
        for (int round = 1; round <= 2; round++) {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int code = Main.execute(new String[] {"recover", saved.toString(), "--db", "jdbc:h2:file:" + DISK.resolve("kunren"), "--db-user", "sa"},
                    new PrintWriter(out, true), new PrintWriter(err, true));
            assertThat(code).as("kunren recover, round " + round + ": " + err).isZero();
            assertThat(out.toString()).contains(round == 1 ? unwritten.size() + " events written, 0 were stored already"
                    : "0 events written, " + unwritten.size() + " were stored already").contains("its timeline is whole");
        }
        try (JdbcEventStore store = JdbcEventStore.open("jdbc:h2:file:" + DISK.resolve("kunren"), "sa", "")) {
            List<EventRecord> stored = store.events(drillId);
            assertThat(stored.stream().map(EventRecord::seq)).as("the drill's whole timeline is in the database again")
                    .containsExactlyElementsOf(LongStream.rangeClosed(1, 50).boxed().toList());
            assertThat(stored.subList(50 - unwritten.size(), 50)).as("the recovered events, as they were recorded").isEqualTo(unwritten);
        }
        Files.delete(saved);
    }

    @Test
    void a_file_that_is_not_kunrens_is_refused_before_anything_is_written() throws IOException {
        Path file = DISK.resolve("broken.jsonl");
        Files.writeString(file, "{\"drillId\":\"d\",\"seq\":1}\nnot json\n");
        StringWriter err = new StringWriter();
        int code = Main.execute(new String[] {"recover", file.toString(), "--db", "jdbc:h2:mem:recover-broken"},
                new PrintWriter(new StringWriter(), true), new PrintWriter(err, true));
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains(file + ":1: not an event as Kunren saves them").doesNotContain("\tat ");
    }

    /** The one file a closing store saved in runs/unwritten for this drill. */
    private static Path savedSince(Instant closing, String drillId) throws IOException {
        try (Stream<Path> files = Files.list(Path.of("runs", "unwritten"))) {
            List<Path> saved = new ArrayList<>();
            for (Path file : files.toList()) {
                if (Files.readString(file).contains(drillId) && !Files.getLastModifiedTime(file).toInstant().isBefore(closing.minusSeconds(1))) {
                    saved.add(file);
                }
            }
            assertThat(saved).as("files saved for the drill").hasSize(1);
            return saved.getFirst();
        }
    }

    private static List<EventRecord> read(Path file) throws IOException {
        List<EventRecord> events = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            events.add(EventJson.mapper().readValue(line, EventRecord.class));
        }
        return events;
    }

    /** Fills the small disk until {@code leave} bytes are free. */
    private static void fill(long leave) throws IOException {
        long free = Files.getFileStore(DISK).getUsableSpace();
        byte[] block = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(DISK.resolve("filler"))) {
            for (long left = free - leave; left > 0; left -= block.length) {
                out.write(block, 0, (int) Math.min(block.length, left));
            }
        } catch (IOException full) {
            // the disk is full: what a leave of 0 asks for
        }
    }

    private static int run(String... command) throws IOException, InterruptedException {
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
    }
}
