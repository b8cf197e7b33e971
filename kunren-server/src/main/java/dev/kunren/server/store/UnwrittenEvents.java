package dev.kunren.server.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kunren.engine.timeline.EventJson;
import dev.kunren.engine.timeline.EventRecord;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * The last resort of a store closed while its database is unavailable: the events it could not
 * write, saved as JSON lines beside the runs ({@code runs/unwritten/TIME.jsonl}), one record per
 * line as {@code timeline.jsonl} has them, so they can be read or loaded later.
 */
final class UnwrittenEvents {

    private static final ObjectMapper JSON = EventJson.mapper();

    private UnwrittenEvents() {
    }

    /** {@code recoverOptions}: what `kunren recover` needs after the file's name to reach the same database. */
    static void save(List<EventRecord> events, String url, String recoverOptions) {
        Path file = Path.of("runs", "unwritten", Instant.now().toString().replace(':', '-') + ".jsonl");
        try {
            Files.createDirectories(file.getParent());
            try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                for (EventRecord event : events) {
                    out.write(JSON.writeValueAsString(event));
                    out.write('\n');
                }
            }
            System.err.println("kunren: the database at " + JdbcEventStore.redact(url) + " was still unavailable: "
                    + events.size() + " events it could not take are saved in " + file.toAbsolutePath()
                    + "; once it has room or is back: kunren recover " + file.toAbsolutePath() + recoverOptions);
        } catch (IOException e) {
            System.err.println("kunren: the database at " + JdbcEventStore.redact(url) + " was still unavailable, and "
                    + events.size() + " events could not be saved to " + file + " either: " + e.getMessage());
        }
    }
}
