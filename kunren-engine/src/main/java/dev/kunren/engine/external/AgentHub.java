package dev.kunren.engine.external;

import dev.kunren.engine.timeline.TimelineEvent.AgentActed;
import dev.kunren.engine.timeline.TimelineEvent.AgentConnected;
import dev.kunren.engine.timeline.TimelineEvent.AgentLost;
import dev.kunren.engine.timeline.TimelineEvent.AgentRevertedAlone;
import dev.kunren.engine.timeline.TimelineWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Where a drill meets the agents on the team's hosts. An agent connects out and polls: each poll
 * is its heartbeat, carries its reports, and is answered with the commands waiting for it — at
 * once, or when one comes, within {@link #POLL_WAIT} (so a halt reaches every agent in
 * milliseconds). A command names a fault of the scenario and an allow-list entry, never shell
 * text: the agent's allow-list on its own host is the blast radius.
 */
public final class AgentHub {

    /** An agent that hears nothing for this long reverts what it did; the drill then counts it lost. */
    public static final Duration DEAD_MAN = Duration.ofSeconds(10);
    /** How long a poll waits for a command before it is answered empty (well inside the dead-man time). */
    public static final Duration POLL_WAIT = Duration.ofSeconds(3);

    /**
     * What an agent is asked: {@code apply} a fault ({@code fault} is its type; {@code names} and
     * {@code params} its parameters; the agent also reverts it on its own after {@code limitMillis}),
     * {@code revert} one, or {@code revert-all}.
     */
    public record Command(String id, String action, String faultId, String fault, Map<String, String> names,
                          Map<String, Double> params, long limitMillis) {
    }

    /**
     * What an agent did with a command; {@code changed} false when it found nothing to do (a
     * revert-all with nothing active): the drill then records nothing, but knows it was heard.
     */
    public record Report(String commandId, String faultId, String action, boolean ok, String detail, Boolean changed) {
        public Report {
            changed = changed == null || changed;
        }

        public Report(String commandId, String faultId, String action, boolean ok, String detail) {
            this(commandId, faultId, action, ok, detail, true);
        }
    }

    /**
     * What an agent says of itself with every poll: its host, the names its allow-list offers,
     * and the faults it reverted on its own since it last reached the drill (and why).
     */
    public record Hello(String host, List<String> allowed, List<String> revertedAlone, String revertedWhy) {
        public Hello {
            allowed = allowed == null ? List.of() : List.copyOf(allowed);
            revertedAlone = revertedAlone == null ? List.of() : List.copyOf(revertedAlone);
        }
    }

    /** An agent as the console shows it. */
    public record AgentView(String name, boolean connected, Instant lastSeen, String host, List<String> allowed) {
    }

    private final TimelineWriter timeline;
    private final Supplier<Duration> drillTime;
    private final Clock wallClock;
    private final Map<String, Link> links = new LinkedHashMap<>();
    private final Map<String, Report> reports = new java.util.concurrent.ConcurrentHashMap<>();
    private final AtomicLong commandIds = new AtomicLong();
    /** Commands sent to a connected agent and not yet reported on, by id: the agent they went to. */
    private final Map<String, String> unreported = new LinkedHashMap<>();

    public AgentHub(List<String> agents, TimelineWriter timeline, Supplier<Duration> drillTime, Clock wallClock) {
        this.timeline = timeline;
        this.drillTime = drillTime;
        this.wallClock = wallClock;
        agents.forEach(name -> links.put(name, new Link()));
    }

    /**
     * One poll of agent {@code name}: records its hello and reports, then answers the commands
     * waiting for it, waiting at most {@code wait} for one.
     *
     * @throws IllegalArgumentException for an agent the scenario does not name
     */
    public List<Command> poll(String name, Hello hello, List<Report> newReports, Duration wait) throws InterruptedException {
        Link link = link(name);
        CompletableFuture<Void> arrival;
        synchronized (this) {
            link.lastSeen = wallClock.instant();
            link.host = hello.host();
            link.allowed = hello.allowed();
            if (!link.connected) {
                link.connected = true;
                timeline.append(drillTime.get(), new AgentConnected(name, hello.host(), hello.allowed()));
            }
            if (!hello.revertedAlone().isEmpty()) {
                timeline.append(drillTime.get(), new AgentRevertedAlone(name, hello.revertedAlone(), hello.revertedWhy()));
            }
            for (Report report : newReports) {
                if (unreported.remove(report.commandId()) != null) {
                    notifyAll();
                }
                if (reports.putIfAbsent(report.commandId(), report) == null && report.changed()) {
                    timeline.append(drillTime.get(), new AgentActed(name, report.faultId(), report.action(), report.ok(), report.detail()));
                }
            }
            if (!link.pending.isEmpty()) {
                return link.drain();
            }
            arrival = link.arrival;
        }
        try {
            arrival.get(wait.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException quiet) {
            // nothing to do: answer empty, the agent polls again at once
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        }
        synchronized (this) {
            link.lastSeen = wallClock.instant();
            return link.drain();
        }
    }

    /** Queues a command for an agent (answered at its next poll, or at once to a waiting one); returns its id. */
    public String send(String agent, String action, String faultId, String fault, Map<String, String> names,
                       Map<String, Double> params, Duration limit) {
        String id = "c" + commandIds.incrementAndGet();
        Command command = new Command(id, action, faultId, fault, Map.copyOf(names), Map.copyOf(params), limit.toMillis());
        CompletableFuture<Void> wake;
        synchronized (this) {
            Link link = link(agent);
            link.pending.add(command);
            if (link.connected) {
                unreported.put(id, agent);
            }
            wake = link.arrival;
            link.arrival = new CompletableFuture<>();
        }
        wake.complete(null);
        return id;
    }

    /** Asks every agent to revert everything it did: a halt. */
    public void revertEverything() {
        List<String> names;
        synchronized (this) {
            names = List.copyOf(links.keySet());
        }
        names.forEach(agent -> send(agent, "revert-all", "", "", Map.of(), Map.of(), Duration.ZERO));
    }

    /**
     * Waits, at most {@code bound}, until every connected agent has reported on each command sent
     * to it: after a halt, the reverts are done on the hosts, not only asked for. An agent that is
     * lost meanwhile is not waited for (its dead man's switch reverts).
     */
    public synchronized boolean awaitReports(Duration bound) throws InterruptedException {
        long deadline = System.nanoTime() + bound.toNanos();
        while (unreported.values().stream().anyMatch(agent -> links.get(agent).connected)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return true;
    }

    /** Counts as lost every agent not heard from within the dead-man time (it reverts on its own). */
    public synchronized void check() {
        Instant now = wallClock.instant();
        links.forEach((name, link) -> {
            if (link.connected && Duration.between(link.lastSeen, now).compareTo(DEAD_MAN) > 0) {
                link.connected = false;
                timeline.append(drillTime.get(), new AgentLost(name, Duration.between(link.lastSeen, now)));
            }
        });
    }

    public Optional<Report> report(String commandId) {
        return Optional.ofNullable(reports.get(commandId));
    }

    public synchronized List<AgentView> view() {
        List<AgentView> views = new ArrayList<>();
        links.forEach((name, link) -> views.add(new AgentView(name, link.connected, link.lastSeen, link.host, link.allowed)));
        return views;
    }

    /**
     * Why the agent cannot take a fault that needs {@code entry} of its allow-list now (it is not
     * connected, or its allow-list does not offer that), or empty when it can.
     */
    public synchronized Optional<String> refusal(String agent, String entry) {
        Link link = link(agent);
        if (!link.connected) {
            return Optional.of("agent " + agent + " is not connected (start kunren agent --name " + agent + " on its host)");
        }
        if (!link.allowed.contains(entry)) {
            return Optional.of("agent " + agent + "'s allow-list does not offer " + entry + "; it offers "
                    + (link.allowed.isEmpty() ? "nothing" : String.join(", ", link.allowed)));
        }
        return Optional.empty();
    }

    public synchronized boolean knows(String agent) {
        return links.containsKey(agent);
    }

    private synchronized Link link(String name) {
        Link link = links.get(name);
        if (link == null) {
            throw new IllegalArgumentException("no agent " + name + " in this drill; its scenario names "
                    + (links.isEmpty() ? "none" : String.join(", ", links.keySet())));
        }
        return link;
    }

    /** One agent's side: when it was last heard from, and what waits for it. */
    private static final class Link {
        final List<Command> pending = new ArrayList<>();
        CompletableFuture<Void> arrival = new CompletableFuture<>();
        boolean connected;
        Instant lastSeen = Instant.EPOCH;
        String host = "";
        List<String> allowed = List.of();

        List<Command> drain() {
            List<Command> commands = List.copyOf(pending);
            pending.clear();
            return commands;
        }
    }
}
