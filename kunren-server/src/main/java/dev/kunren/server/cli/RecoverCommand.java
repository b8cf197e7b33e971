package dev.kunren.server.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kunren.engine.KunrenException;
import dev.kunren.engine.timeline.EventJson;
import dev.kunren.engine.timeline.EventRecord;
import dev.kunren.engine.timeline.TimelineEvent.DrillStarted;
import dev.kunren.server.store.JdbcEventStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code kunren recover FILE...}: writes into the database the events a store could not take
 * (a full disk, a database that stayed down; saved in {@code runs/unwritten/TIME.jsonl}) once it
 * has room or is back, so the drill's debrief is whole again. An event already stored stays as it
 * is; a file that does not read is refused, line and all, before anything is written.
 */
@Command(name = "recover", mixinStandardHelpOptions = true,
        description = "Write the events the database could not take (runs/unwritten/*.jsonl) into it, once it has room or is back.")
final class RecoverCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = EventJson.mapper();
    private static final Duration WRITE_BOUND = Duration.ofSeconds(30);

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", arity = "1..*", description = "Files of unwritten events, as Kunren saved them in runs/unwritten/.")
    List<Path> files;

    @Mixin
    DatabaseOptions database;

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        database.check(spec);
        Map<String, List<EventRecord>> byDrill = read().stream()
                .collect(Collectors.groupingBy(EventRecord::drillId, LinkedHashMap::new, Collectors.toList()));
        try (JdbcEventStore store = database.open()) {
            Map<String, Long> fresh = new LinkedHashMap<>();
            for (Map.Entry<String, List<EventRecord>> drill : byDrill.entrySet()) {
                List<EventRecord> events = drill.getValue();
                if (store.drill(drill.getKey()).isEmpty()) {  // the database was down when the drill began
                    store.createDrill(drill.getKey(), scenarioOf(events), events.getFirst().recordedAt());
                }
                Set<Long> stored = store.events(drill.getKey()).stream().map(EventRecord::seq).collect(Collectors.toSet());
                fresh.put(drill.getKey(), events.stream().filter(e -> !stored.contains(e.seq())).count());
                events.forEach(store::append);
            }
            if (!store.flush(WRITE_BOUND)) {
                throw new KunrenException("the database did not take the events within " + WRITE_BOUND.toSeconds() + " s ("
                        + store.health().problem() + "); nothing is lost: run kunren recover again when it is back");
            }
            for (String drillId : byDrill.keySet()) {
                List<Long> seqs = store.events(drillId).stream().map(EventRecord::seq).toList();
                stdout.printf("Drill %s: %d events written, %d were stored already; %s%n", drillId, fresh.get(drillId),
                        byDrill.get(drillId).size() - fresh.get(drillId), completeness(seqs, drillId));
            }
            stdout.println("The files can be removed now.");
        }
        return 0;
    }

    /** Every file's events, or a usage error naming the file and line that does not read. */
    private List<EventRecord> read() {
        List<EventRecord> events = new ArrayList<>();
        for (Path file : files) {
            if (!Files.isRegularFile(file)) {
                throw new ParameterException(spec.commandLine(), "no such file: " + file);
            }
            List<String> lines;
            try {
                lines = Files.readAllLines(file);
            } catch (IOException e) {
                throw new ParameterException(spec.commandLine(), "cannot read " + file + ": " + e.getMessage());
            }
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).isBlank()) {
                    continue;
                }
                String where = file + ":" + (i + 1) + ": not an event as Kunren saves them (";
                try {
                    EventRecord event = JSON.readValue(lines.get(i), EventRecord.class);
                    if (event.drillId() == null || event.seq() < 1 || event.recordedAt() == null || event.at() == null || event.event() == null) {
                        throw new ParameterException(spec.commandLine(), where + "it needs drillId, seq, at, recordedAt and event)");
                    }
                    events.add(event);
                } catch (JsonProcessingException e) {
                    throw new ParameterException(spec.commandLine(), where + e.getOriginalMessage() + ")");
                }
            }
        }
        return events;
    }

    private static String scenarioOf(List<EventRecord> events) {
        return events.stream().map(EventRecord::event).filter(DrillStarted.class::isInstance).map(e -> ((DrillStarted) e).scenario())
                .findFirst().orElse("unknown");
    }

    /** Whether the drill's stored events now run 1..n without a gap, or which are still missing. */
    private static String completeness(List<Long> seqs, String drillId) {
        long missing = seqs.isEmpty() ? 0 : seqs.getLast() - seqs.size();
        return missing == 0 ? "its timeline is whole (kunren report " + drillId + ")"
                : missing + " events before event " + seqs.getLast() + " are still missing (another file of runs/unwritten?)";
    }
}
