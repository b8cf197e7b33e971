package dev.kunren.server.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What an agent did to its host that outlives the agent — a stopped service, a killed process
 * with a restart command — written down before it is done and crossed out when it is undone, each
 * line on disk at once. An agent killed outright (kill -9, a power cut) cannot revert; the next one
 * started with the same journal reads what was left and undoes it before anything else.
 */
final class Journal {

    /** One thing done and not yet undone: the fault that did it, its kind and what it named. */
    record Entry(String faultId, String fault, String name) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;

    Journal(Path file) {
        this.file = file;
    }

    Path file() {
        return file;
    }

    /** Written before the action, so a crash in the middle of it still leaves it to undo. */
    synchronized void doing(Entry entry) {
        write(Map.of("op", "done", "faultId", entry.faultId(), "fault", entry.fault(), "name", entry.name()));
    }

    synchronized void undone(String faultId) {
        write(Map.of("op", "undone", "faultId", faultId));
    }

    /** What the journal says is done and not undone, oldest first; a torn last line (a crash mid-write) is skipped. */
    synchronized List<Entry> left() {
        Map<String, Entry> open = new LinkedHashMap<>();
        if (!Files.exists(file)) {
            return List.of();
        }
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                JsonNode node;
                try {
                    node = JSON.readTree(line);
                } catch (IOException torn) {
                    continue;
                }
                if (node == null) {
                    continue;
                }
                String id = node.path("faultId").asText();
                if (node.path("op").asText().equals("done")) {
                    open.put(id, new Entry(id, node.path("fault").asText(), node.path("name").asText()));
                } else {
                    open.remove(id);
                }
            }
        } catch (IOException e) {
            throw new AgentException("cannot read the agent's journal " + file + ": " + e.getMessage());
        }
        return new ArrayList<>(open.values());
    }

    /** Starts afresh, once what was left is undone. */
    synchronized void clear() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new AgentException("cannot clear the agent's journal " + file + ": " + e.getMessage());
        }
    }

    private void write(Map<String, String> line) {
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            // no fsync: what the journal is for is an agent killed outright, and a written line is then in
            // the kernel's page cache already; a host that loses power loses the processes it was about too
            // (an fsync before every kill cost up to 100 ms on a busy disk)
            Files.writeString(file, JSON.writeValueAsString(line) + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new AgentException("cannot write the agent's journal " + file + ": " + e.getMessage());
        }
    }
}
