package dev.kunren.server.web;

import dev.kunren.engine.clock.ScaledDrillClock;
import dev.kunren.engine.drill.Drill;
import dev.kunren.engine.drill.DrillState;
import dev.kunren.engine.fault.FaultSpec;
import dev.kunren.engine.scenario.Scenario;
import dev.kunren.engine.timeline.Timeline;
import dev.kunren.engine.timeline.TimelineEvent.TeamJoined;
import dev.kunren.server.chat.ChatSettings;
import dev.kunren.server.chat.TeamChat;
import dev.kunren.server.http.Problem;
import dev.kunren.server.incident.TeamDrill;
import dev.kunren.shop.Shop;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A drill in the web app: set up (teams added, each with a join code), then run on its own
 * thread, paused, resumed, ended or halted by the facilitator. Its timeline is written to the
 * store as it happens.
 */
public final class LiveDrill implements WatchedDrill {

    static final int MAX_MEMBERS = 100;

    /** Where a drill is in its life, as the facilitator sees it. */
    public enum Phase { SETUP, STARTING, RUNNING, PAUSED, ENDED }

    /** A team, its join code and who joined it. */
    public record Team(String name, String joinCode, List<String> members) {
    }

    private final String id;
    private final Scenario scenario;
    private final double speed;
    private final long seed;
    private final Timeline timeline;
    private final Map<String, Team> teams = new LinkedHashMap<>();
    private final String token;
    private volatile Drill drill;
    private volatile ScaledDrillClock clock;
    /** Ended before a restart: the only phase not read from the engine's drill. */
    private volatile boolean endedBeforeRestart;
    private volatile Thread runner;
    private boolean startOnFirstJoin;
    private dev.kunren.engine.oncall.PageDelivery pagesFirstJoin = dev.kunren.engine.oncall.PageDelivery.NONE;
    private final List<String> observers = new ArrayList<>();
    private volatile String observerCode = "";
    private volatile boolean observersSeeFaults;
    private volatile Runnable whenEnded = () -> { };
    private final Map<String, ChatSettings> chats = new java.util.concurrent.ConcurrentHashMap<>();
    /** The drill's incident bot, subscribed to its timeline for the drill's life. */
    private final TeamChat chat;

    LiveDrill(String id, Scenario scenario, double speed, long seed, Timeline timeline) {
        this(id, scenario, speed, seed, timeline, newToken());
    }

    /** A drill with its token given: one the server held before a restart. */
    LiveDrill(String id, Scenario scenario, double speed, long seed, Timeline timeline, String token) {
        this.id = id;
        this.token = token;
        this.scenario = scenario;
        this.speed = speed;
        this.seed = seed;
        this.timeline = timeline;
        // whole-drill events go to the teams that have a chat (read without the drill's lock: the bot runs on the drill's thread)
        this.chat = new TeamChat(timeline, team -> Optional.ofNullable(chats.get(team)), () -> List.copyOf(chats.keySet()), this::elapsed);
    }

    @Override
    public String id() {
        return id;
    }

    public Scenario scenario() {
        return scenario;
    }

    public double speed() {
        return speed;
    }

    @Override
    public Timeline timeline() {
        return timeline;
    }

    @Override
    public boolean ended() {
        return phase() == Phase.ENDED;
    }

    /**
     * The drill's own secret: what its agents and the team's monitoring present
     * ({@code Authorization: Bearer}), shown to the facilitator only.
     */
    public String token() {
        return token;
    }

    /** The engine's drill, once started. */
    public Optional<Drill> running() {
        return Optional.ofNullable(drill);
    }

    private static String newToken() {
        byte[] secret = new byte[24];
        new java.security.SecureRandom().nextBytes(secret);
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    }

    /**
     * The phase, read from the engine's drill ({@link DrillState}) rather than kept beside it: a
     * started drill is STARTING until its environments serve (they warm up first), and ENDED once
     * its thread has recorded the end (while it reverts and finishes, it is still RUNNING).
     */
    public Phase phase() {
        Drill running = drill;
        Thread thread = runner;
        if (endedBeforeRestart) {
            return Phase.ENDED;
        }
        if (running == null) {
            return Phase.SETUP;
        }
        if (thread != null && !thread.isAlive()) {
            return Phase.ENDED;
        }
        return switch (running.state()) {
            case CREATED -> Phase.STARTING;
            case RUNNING, ENDED -> running.ready() || running.state() == DrillState.ENDED ? Phase.RUNNING : Phase.STARTING;
            case PAUSED -> Phase.PAUSED;
        };
    }

    public Duration elapsed() {
        ScaledDrillClock running = clock;
        if (running == null) {  // not started, or ended before a restart: as far as its timeline went
            List<dev.kunren.engine.timeline.EventRecord> records = timeline.records();
            return records.isEmpty() ? Duration.ZERO : records.getLast().at();
        }
        return running.elapsed();
    }

    public long seed() {
        return seed;
    }

    /** What to do once the drill's thread is done (let its lease go). */
    void whenEnded(Runnable action) {
        this.whenEnded = action;
    }

    /** A team as the server held it before a restart, with its members. */
    synchronized void restoreTeam(String name, String joinCode, List<String> members) {
        teams.put(name, new Team(name, joinCode, new ArrayList<>(members)));
    }

    synchronized void restoreObservers(List<String> names) {
        observers.addAll(names);
    }

    /** A drill that ended (or was cut short by the server stopping) before a restart: its debrief is all there is. */
    synchronized void restoredEnded() {
        endedBeforeRestart = true;
    }

    public synchronized List<Team> teams() {
        return teams.values().stream().map(t -> new Team(t.name(), t.joinCode(), List.copyOf(t.members()))).toList();
    }

    public synchronized Optional<Team> team(String name) {
        return Optional.ofNullable(teams.get(name));
    }

    synchronized Team addTeam(String name, String joinCode) {
        if (phase() != Phase.SETUP) {
            throw new Problem(409, "Conflict", "teams can be added only before the drill starts");
        }
        if (!name.matches("[a-z0-9][a-z0-9-]{0,31}")) {
            throw Problem.badRequest("a team name is 1 to 32 lower-case letters, digits or '-', starting with a letter or digit");
        }
        if (teams.containsKey(name)) {
            throw new Problem(409, "Conflict", "there is already a team " + name);
        }
        if (scenario.external().isPresent() && !teams.isEmpty()) {
            throw new Problem(409, "Conflict", "a drill on a team's own systems has one team: its services and agents are that team's");
        }
        Team team = new Team(name, joinCode, new ArrayList<>());
        teams.put(name, team);
        return team;
    }

    /**
     * Adds a member to a team; joins after the start are on the timeline (before it, the team list
     * shows them). A drill that has ended takes no one (its join code is spent); a name is one
     * person's in a team; a team has at most {@link #MAX_MEMBERS}.
     */
    synchronized void join(String teamName, String member) {
        Team team = teams.get(teamName);
        if (phase() == Phase.ENDED) {
            throw new Problem(410, "Gone", "this drill has ended: its join codes no longer work");
        }
        if (team.members().stream().anyMatch(m -> m.equalsIgnoreCase(member))) {
            throw new Problem(409, "Conflict", "someone in team " + teamName + " already goes by " + member
                    + "; choose another name (an initial will do)");
        }
        if (team.members().size() >= MAX_MEMBERS) {
            throw new Problem(409, "Conflict", "team " + teamName + " has its maximum of " + MAX_MEMBERS + " members");
        }
        team.members().add(member);
        if (startOnFirstJoin && phase() == Phase.SETUP) {
            start(pagesFirstJoin);  // a demo waits for someone to play it
        }
        if (phase() != Phase.SETUP) {
            timeline.append(teamName, elapsed(), new TeamJoined(member));
        }
    }

    /** The code observers join with (empty until the drill has one). */
    public String observerCode() {
        return observerCode;
    }

    void observerCode(String code) {
        this.observerCode = code;
    }

    /** Whether observers see what was injected before the debrief (the facilitator's call; off by default). */
    @Override
    public boolean observersSeeFaults() {
        return observersSeeFaults;
    }

    void observersSeeFaults(boolean see) {
        this.observersSeeFaults = see;
    }

    public synchronized List<String> observers() {
        return List.copyOf(observers);
    }

    /** Adds an observer by name: unique in the drill, at most {@link #MAX_MEMBERS}, not after the end. */
    synchronized void joinObserver(String name) {
        if (phase() == Phase.ENDED) {
            throw new Problem(410, "Gone", "this drill has ended: its codes no longer work");
        }
        if (observers.stream().anyMatch(o -> o.equalsIgnoreCase(name))) {
            throw new Problem(409, "Conflict", "an observer of this drill already goes by " + name + "; choose another name");
        }
        if (observers.size() >= MAX_MEMBERS) {
            throw new Problem(409, "Conflict", "this drill has its maximum of " + MAX_MEMBERS + " observers");
        }
        observers.add(name);
    }

    /** A team's side of this drill, for incident command; a 404 for a team it does not have. */
    public TeamDrill teamDrill(String team) {
        team(team).orElseThrow(() -> Problem.notFound("no team " + team + " in this drill"));
        return new TeamDrill(team, scenario, timeline, this::elapsed, () -> switch (phase()) {
            case SETUP, STARTING -> Optional.of("the drill has not started yet");
            case ENDED -> Optional.of("the drill has ended");
            case RUNNING, PAUSED -> Optional.<String>empty();
        }, this);
    }

    /** The running environment of a team, while the drill runs. */
    public Optional<Shop> environment(String team) {
        Drill running = drill;
        return running == null ? Optional.empty() : running.environment(team);
    }

    /** Where the team talks: its chat's webhook and channel (the facilitator's to set, before or during the drill). */
    public void chat(String team, ChatSettings settings) {
        team(team).orElseThrow(() -> Problem.notFound("no team " + team + " in this drill"));
        chats.put(team, settings);
    }

    public Optional<ChatSettings> chat(String team) {
        return Optional.ofNullable(chats.get(team));
    }

    /** Starts the drill when the first member joins (or the facilitator presses Start before that). */
    public synchronized void startOnFirstJoin(dev.kunren.engine.oncall.PageDelivery pages) {
        startOnFirstJoin = true;
        pagesFirstJoin = pages;
    }

    /** Starts the drill; its pages reach people through {@code pages}. */
    synchronized void start(dev.kunren.engine.oncall.PageDelivery pages) {
        if (phase() != Phase.SETUP) {
            throw new Problem(409, "Conflict", "the drill has already started");
        }
        if (teams.isEmpty()) {
            throw new Problem(409, "Conflict", "add at least one team before starting");
        }
        launch(pages, Drill::run);
    }

    /** Assembles the engine's drill for the teams and runs it on a thread of its own, as {@code running} says. */
    private void launch(dev.kunren.engine.oncall.PageDelivery pages, java.util.function.Consumer<Drill> running) {
        clock = new ScaledDrillClock(speed);
        Drill assembled = dev.kunren.server.drill.DrillAssembly.assemble(scenario, clock, timeline, seed, List.copyOf(teams.keySet()),
                Optional.empty(), List.of(), pages, progress -> { });
        drill = assembled;
        runner = Thread.ofPlatform().name("drill-" + id).daemon().start(() -> {
            try {
                running.accept(assembled);
            } finally {
                whenEnded.run();
            }
        });
    }

    /**
     * Takes back a drill that a stop of the server cut short, on its own thread: its environments
     * rebuilt from its timeline, then paused where the timeline ends, for the facilitator to resume.
     */
    synchronized void continueAfterRestart(dev.kunren.engine.drill.DrillHistory history, dev.kunren.engine.oncall.PageDelivery pages) {
        launch(pages, assembled -> assembled.continueFrom(history, false));
    }

    synchronized void pause() {
        requireRunning();
        if (drill.state() != DrillState.RUNNING || phase() != Phase.RUNNING) {  // not while it warms up or is rebuilt
            throw new Problem(409, "Conflict", "the drill is not running");
        }
        drill.pause();
    }

    synchronized void resume() {
        requireRunning();
        if (drill.state() != DrillState.PAUSED) {
            throw new Problem(409, "Conflict", "the drill is not paused");
        }
        drill.resume();
    }

    synchronized void end() {
        requireRunning();
        drill.end();
    }

    /** Reverts every fault at once and stops: the emergency stop. Halting an ended drill changes nothing. */
    void halt() {
        Drill running = drill;
        if (running != null) {
            running.halt();
        }
    }

    /** Waits, at most {@code bound}, for the drill's thread to record its end. */
    void awaitEnd(Duration bound) {
        Thread thread = runner;
        if (thread != null) {
            try {
                thread.join(bound);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    synchronized void injectNow(String team, FaultSpec spec) {
        requireRunning();
        try {
            drill.injectNow(team, spec);
        } catch (IllegalStateException e) {
            throw new Problem(409, "Conflict", e.getMessage());
        }
    }

    synchronized void sendMessage(String team, dev.kunren.engine.scenario.MessageSpec message) {
        requireRunning();
        try {
            drill.sendNow(team, message);
        } catch (IllegalStateException e) {
            throw new Problem(409, "Conflict", e.getMessage());
        }
    }

    private void requireRunning() {
        Phase now = phase();
        if (now == Phase.SETUP || now == Phase.ENDED || drill == null) {
            throw new Problem(409, "Conflict", "the drill is " + now.name().toLowerCase());
        }
    }
}
