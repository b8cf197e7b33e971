package dev.kunren.server.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kunren.http.Http1Client;
import dev.kunren.http.HttpResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * {@code kunren agent}: connects out to a drill and does, on this host, what its commands ask —
 * only what the allow-list names. Each poll is a heartbeat; what it did goes back with the next.
 * Its dead-man's switch: when the drill has been silent for {@code deadMan}, everything it did is
 * reverted, and it says so when it reaches the drill again. Every fault is also reverted when its
 * own time limit passes, and when the agent stops.
 */
public final class Agent implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration POLL_TIMEOUT = Duration.ofSeconds(15);
    private static final String NOTHING_ACTIVE = "nothing was active";

    private record Active(String faultId, HostActions.Applied applied, Instant expires) {
    }

    private final URI pollUrl;
    private final String name;
    private final String token;
    private final AllowList allow;
    private final HostActions actions;
    private final Duration deadMan;
    private final Journal journal;
    private final PrintWriter log;
    private final Clock clock = Clock.systemUTC();
    private final Http1Client client = new Http1Client(Duration.ofSeconds(5));
    /**
     * Commands run one at a time, in the order the drill sent them, off the polling thread: a
     * revert must find the apply before it done, never race it (a stop command may take seconds).
     */
    private final java.util.concurrent.ExecutorService commands =
            java.util.concurrent.Executors.newSingleThreadExecutor(Thread.ofVirtual().name("kunren-agent-command").factory());
    private final Map<String, Active> active = new LinkedHashMap<>();
    private final ConcurrentLinkedQueue<ObjectNode> reports = new ConcurrentLinkedQueue<>();
    private final List<String> revertedAlone = new ArrayList<>();
    private String revertedWhy = "";
    private volatile Instant lastContact;
    private volatile boolean running = true;

    public Agent(URI drill, String name, String token, Path allowFile, Duration deadMan, PrintWriter log) {
        this(drill, name, token, allowFile, deadMan, journalBeside(allowFile, name), log);
    }

    /** The journal's default place: beside the allow-list, one per agent name. */
    public static Path journalBeside(Path allowFile, String name) {
        Path folder = allowFile.toAbsolutePath().getParent();
        return folder.resolve(".kunren-agent-" + name.replaceAll("[^A-Za-z0-9._-]", "_") + ".journal");
    }

    public Agent(URI drill, String name, String token, Path allowFile, Duration deadMan, Path journal, PrintWriter log) {
        this.pollUrl = pollUrl(drill, name);
        this.name = name;
        this.token = token;
        this.allow = AllowList.read(allowFile);
        this.actions = new HostActions(allow);
        this.deadMan = deadMan;
        this.journal = new Journal(journal);
        this.log = log;
        this.lastContact = clock.instant();
    }

    /**
     * Where it polls: a headless drill's console API ({@code http://host:7070}) takes agents under
     * {@code /api/agents}; a drill of the web app is named by its path ({@code https://host/api/drills/ID}).
     */
    static URI pollUrl(URI drill, String name) {
        String path = drill.getRawPath() == null ? "" : drill.getRawPath().replaceAll("/+$", "");
        String base = path.isEmpty() ? "/api" : path;
        return drill.resolve(base + "/agents/" + name + "/poll");
    }

    /** Fault ids it reverted on its own, not yet told to the drill. */
    synchronized List<String> revertedAlone() {
        return List.copyOf(revertedAlone);
    }

    /** What its allow-list offers, as announced to the drill. */
    public List<String> offered() {
        return allow.offered();
    }

    /** Polls until closed; a wrong token or an unknown name ends it with an {@link AgentException}. */
    public void run() {
        actions.removeLeftovers().forEach(file -> say("deleted " + file + ", left by an agent that was killed"));
        undoWhatWasLeft();
        // beside the first poll, not before it: a drill may send its first command at once
        Thread.ofVirtual().name("kunren-agent-look").start(() -> actions.processesFoundNow().forEach(line -> say("allow-list " + line)));
        Thread watchdog = Thread.ofPlatform().daemon().name("kunren-agent-dead-man").start(this::watch);
        Duration backoff = Duration.ofMillis(250);
        boolean reported = false;
        try {
            while (running) {
                try {
                    poll();
                    if (reported) {
                        say("reached the drill again");
                    }
                    reported = false;
                    backoff = Duration.ofMillis(250);
                } catch (IOException e) {
                    if (!reported) {
                        say("cannot reach the drill (" + e.getMessage() + "); trying again");
                        reported = true;
                    }
                    sleep(backoff);
                    backoff = backoff.multipliedBy(2).compareTo(Duration.ofSeconds(2)) > 0 ? Duration.ofSeconds(2) : backoff.multipliedBy(2);
                }
            }
        } finally {
            watchdog.interrupt();
            revertAll("the agent stopped");
            forgetJournalIfDone();
        }
    }

    private void poll() throws IOException {
        poll(true);
    }

    /** One poll; {@code wait} false asks for an answer at once (it only brings news of what was done). */
    private void poll(boolean wait) throws IOException {
        ObjectNode body = JSON.createObjectNode();
        body.put("wait", wait);
        ObjectNode hello = body.putObject("hello");
        hello.put("host", hostName());
        hello.set("allowed", JSON.valueToTree(allow.offered()));
        List<ObjectNode> sending = new ArrayList<>(reports);
        synchronized (this) {
            hello.set("revertedAlone", JSON.valueToTree(revertedAlone));
            hello.put("revertedWhy", revertedWhy);
        }
        ArrayNode list = body.putArray("reports");
        sending.forEach(list::add);
        HttpResult result = post(JSON.writeValueAsBytes(body));
        if (result.status() == 401 || result.status() == 403 || result.status() == 404 || result.status() == 421) {
            throw new AgentException("the drill refused this agent (" + result.status() + "): " + detail(result));
        }
        if (result.status() != 200) {
            throw new IOException("the drill answered " + result.status() + ": " + detail(result));
        }
        lastContact = clock.instant();
        reports.removeAll(sending);
        synchronized (this) {
            revertedAlone.clear();
            revertedWhy = "";
        }
        for (JsonNode command : JSON.readTree(result.body()).path("commands")) {
            try {
                commands.execute(() -> execute(command));
            } catch (java.util.concurrent.RejectedExecutionException stopping) {
                return;  // the agent is stopping: it reverts everything itself
            }
        }
    }

    private HttpResult post(byte[] body) throws IOException {
        boolean tls = pollUrl.getScheme().equals("https");
        int port = pollUrl.getPort() >= 0 ? pollUrl.getPort() : tls ? 443 : 80;
        var target = new Http1Client.Target(new InetSocketAddress(InetAddress.getByName(pollUrl.getHost()), port), pollUrl.getHost(), tls);
        return client.send(target, "POST", pollUrl.getRawPath(), body, "application/json",
                Map.of("Authorization", "Bearer " + token), POLL_TIMEOUT);
    }

    private void execute(JsonNode command) {
        String id = command.path("id").asText();
        String action = command.path("action").asText();
        String faultId = command.path("faultId").asText();
        switch (action) {
            case "apply" -> apply(id, faultId, command);
            case "revert" -> report(id, faultId, "revert", true, revert(faultId, "the drill asked"));
            case "revert-all" -> {
                // always answered, so the drill knows the halt is done here; nothing to say if nothing changed
                String done = revertAll("the drill was halted or ended");
                report(id, "", "revert-all", true, done, !done.equals(NOTHING_ACTIVE));
            }
            default -> report(id, faultId, action, false, "this agent does not know the action " + action);
        }
    }

    private void apply(String commandId, String faultId, JsonNode command) {
        String fault = command.path("fault").asText();
        Map<String, String> names = new HashMap<>();
        command.path("names").properties().forEach(e -> names.put(e.getKey(), e.getValue().asText()));
        Map<String, Double> params = new HashMap<>();
        command.path("params").properties().forEach(e -> params.put(e.getKey(), e.getValue().asDouble()));
        StringBuilder detail = new StringBuilder();
        boolean journaled = HostActions.outlivesTheAgent(fault);
        try {
            if (journaled) {
                journal.doing(new Journal.Entry(faultId, fault, names.getOrDefault(fault.equals("stop-service") ? "service" : "process", "")));
            }
            HostActions.Applied applied = actions.apply(fault, names, params, detail);
            Instant expires = clock.instant().plusMillis(Math.max(1_000, command.path("limitMillis").asLong(60_000)));
            synchronized (this) {
                active.put(faultId, new Active(faultId, applied, expires));
            }
            say(fault + " " + faultId + ": " + detail);
            report(commandId, faultId, "apply", true, detail.toString());
        } catch (HostActions.Refused refused) {
            if (journaled) {
                journal.undone(faultId);  // nothing was done
            }
            say("refused " + fault + " " + faultId + ": " + refused.getMessage());
            report(commandId, faultId, "apply", false, "refused: " + refused.getMessage());
        }
    }

    /** Reverts one fault, once; says what it did. */
    private String revert(String faultId, String why) {
        Active fault;
        synchronized (this) {
            fault = active.remove(faultId);
        }
        if (fault == null) {
            return "nothing to revert for " + faultId;
        }
        String done = fault.applied().revert();
        journal.undone(faultId);
        say("reverted " + faultId + " (" + why + "): " + done);
        return done;
    }

    /**
     * Undoes what an agent killed outright left behind (its journal), before taking any command,
     * and tells the drill with the first poll, as it tells of what its dead-man's switch reverted.
     */
    void undoWhatWasLeft() {
        List<Journal.Entry> left = journal.left();
        for (Journal.Entry entry : left) {
            say("undid " + entry.fault() + " " + entry.name() + " (" + entry.faultId() + "), left by an agent that was killed: "
                    + actions.undoLeft(entry));
        }
        if (!left.isEmpty()) {
            synchronized (this) {
                left.forEach(entry -> revertedAlone.add(entry.faultId()));
                revertedWhy = "left by an agent that was killed, undone when the next one started";
            }
        }
        journal.clear();
    }

    /** An agent that stopped with everything undone leaves no journal behind. */
    private void forgetJournalIfDone() {
        if (journal.left().isEmpty()) {
            journal.clear();
        }
    }

    private String revertAll(String why) {
        List<String> ids;
        synchronized (this) {
            ids = List.copyOf(active.keySet());
        }
        ids.forEach(id -> revert(id, why));
        return ids.isEmpty() ? NOTHING_ACTIVE : "reverted " + String.join(", ", ids);
    }

    /** The dead-man's switch and the time limits, checked twice a second. */
    private void watch() {
        while (running) {
            Instant now = clock.instant();
            if (Duration.between(lastContact, now).compareTo(deadMan) > 0) {
                List<String> ids;
                synchronized (this) {
                    ids = List.copyOf(active.keySet());
                }
                if (!ids.isEmpty()) {
                    String why = "no word from the drill for " + deadMan.toSeconds() + " s";
                    ids.forEach(id -> revert(id, why));
                    synchronized (this) {
                        revertedAlone.addAll(ids);
                        revertedWhy = why;
                    }
                }
            }
            List<Active> expired;
            synchronized (this) {
                expired = active.values().stream().filter(a -> a.expires().isBefore(now)).toList();
            }
            expired.forEach(a -> report("", a.faultId(), "revert", true, revert(a.faultId(), "its time limit passed")));
            if (!sleep(Duration.ofMillis(500))) {
                return;
            }
        }
    }

    /** Tells the drill at once what was just done, beside the waiting poll, so its timeline has the moment right. */
    private void reportNow() {
        Thread.ofVirtual().start(() -> {
            try {
                poll(false);
            } catch (IOException | RuntimeException e) {
                // the next regular poll carries it
            }
        });
    }

    private void report(String commandId, String faultId, String action, boolean ok, String detail) {
        report(commandId, faultId, action, ok, detail, true);
    }

    /** {@code changed} false: the command found nothing to do, and the drill records nothing of it. */
    private void report(String commandId, String faultId, String action, boolean ok, String detail, boolean changed) {
        ObjectNode report = JSON.createObjectNode();
        report.put("changed", changed);
        report.put("commandId", commandId.isEmpty() ? "self-" + System.nanoTime() : commandId);
        report.put("faultId", faultId);
        report.put("action", action);
        report.put("ok", ok);
        report.put("detail", detail);
        reports.add(report);
        reportNow();
    }

    private void say(String line) {
        synchronized (log) {
            log.println("kunren agent " + name + ": " + line);
            log.flush();
        }
    }

    private static String detail(HttpResult result) {
        try {
            JsonNode problem = JSON.readTree(result.body());
            return problem.path("detail").asText(new String(result.body(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            return new String(result.body(), StandardCharsets.UTF_8);
        }
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static boolean sleep(Duration duration) {
        try {
            Thread.sleep(duration);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Stops polling and reverts everything it did. */
    @Override
    public void close() {
        running = false;
        commands.shutdown();
        try {
            commands.awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS);  // an apply under way finishes, then is reverted
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        revertAll("the agent stopped");
        forgetJournalIfDone();
        client.close();
    }
}
