package dev.kunren.server.web;

import dev.kunren.engine.scenario.Scenario;
import dev.kunren.engine.scenario.ScenarioError;
import dev.kunren.engine.scenario.ScenarioException;
import dev.kunren.engine.scenario.ScenarioLoader;
import dev.kunren.engine.timeline.EventRecord;
import dev.kunren.engine.timeline.Timeline;
import dev.kunren.engine.timeline.TimelineEvent;
import dev.kunren.server.http.Problem;
import dev.kunren.server.store.DrillIds;
import dev.kunren.server.store.JdbcEventStore;
import dev.kunren.server.store.RoomStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/** The web app's drills: created from the scenario library or an uploaded file, each with its teams. */
public final class DrillManager {

    static final int MAX_DRILLS = 50;
    /** What an observer code opens in place of a team. */
    static final String OBSERVERS = "";
    private static final String CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    /** A scenario of the library, as the facilitator picks it. */
    public record LibraryScenario(String name, String title, String difficulty, String purpose, Map<String, String> titles,
                                  Map<String, String> purposes) {
    }

    private final JdbcEventStore store;
    private final Path library;
    private final Clock clock;
    private final Map<String, LiveDrill> drills = new ConcurrentHashMap<>();
    /** The library file each drill was made from (an uploaded scenario has none): where its runbook is. */
    private final Map<String, String> libraryFiles = new ConcurrentHashMap<>();
    private final Map<String, String[]> joinCodes = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final RoomStore room;
    private volatile dev.kunren.engine.oncall.PageDelivery pageDelivery = dev.kunren.engine.oncall.PageDelivery.NONE;
    /** How often a server on a shared database looks for drills whose server died, and checks its own leases. */
    static final java.time.Duration TAKEOVER_SCAN = java.time.Duration.ofSeconds(5);
    /**
     * How long the server that held a drill must have had no connection to the database before
     * another takes the drill over: longer than servers take to reconnect after a database restart.
     */
    static final java.time.Duration OWNER_GONE_AFTER = java.time.Duration.ofSeconds(10);
    private final java.util.concurrent.ScheduledExecutorService takeover = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().name("kunren-takeover").daemon().unstarted(r));

    public DrillManager(JdbcEventStore store, Path library, Clock clock) {
        this.store = store;
        this.library = library;
        this.clock = clock;
        this.room = store.room();
        restore(java.time.Duration.ZERO);  // starting: a server that held a drill and has no connection left is gone
        if (store.leases().shared()) {
            takeover.scheduleWithFixedDelay(this::watchLeases, TAKEOVER_SCAN.toMillis(), TAKEOVER_SCAN.toMillis(),
                    java.util.concurrent.TimeUnit.MILLISECONDS);
        }
        // so many events wait for an unavailable database that running on would lose them: stop producing them
        store.onOverflow(health -> {
            System.err.println("kunren: the database has been unavailable since " + health.since() + " and " + health.waiting()
                    + " events wait; every running drill is halted (its faults reverted) so that none is lost");
            haltAll();
        });
    }

    /** How the pages of drills started from now on reach people (webhooks, e-mail). */
    public void deliverPagesWith(dev.kunren.engine.oncall.PageDelivery delivery) {
        this.pageDelivery = delivery;
    }

    /**
     * A restart takes back the drills made within this long, at most {@link #RESTORED} of them
     * (older ones' debriefs stay readable from the store, and a forgotten set-up is dropped).
     */
    static final java.time.Duration RESTORED_WITHIN = java.time.Duration.ofHours(24);
    static final int RESTORED = 20;

    /**
     * Takes back what the server held before it stopped: drills being set up (teams, join codes,
     * members, observers), drills that ran or ended (listed, their debriefs readable), and drills
     * the stop cut short (rebuilt, paused). On a shared database (PostgreSQL) a drill that is not
     * over is taken only with its lease, once the server that held it has had no connection to
     * the database for {@code ownerGoneFor}: one another live server runs stays that server's.
     */
    private void restore(java.time.Duration ownerGoneFor) {
        synchronized (taking) {
            restoreRecent(ownerGoneFor);
        }
    }

    /** One at a time: the takeover scan, or a request for a drill whose server is gone. */
    private final Object taking = new Object();

    private void restoreRecent(java.time.Duration ownerGoneFor) {
        java.util.Set<String> recent = new java.util.HashSet<>(store.drills().stream()
                .filter(d -> d.createdAt().plus(RESTORED_WITHIN).isAfter(clock.instant()))
                .sorted(java.util.Comparator.comparing(dev.kunren.server.store.DrillSummary::createdAt).reversed())
                .limit(RESTORED).map(dev.kunren.server.store.DrillSummary::id).toList());
        recent.retainAll(room.drillIds());  // the web app's (a kunren run drill is not one to take)
        for (String id : recent) {
            if (drills.containsKey(id) || store.leases().holds(id)) {
                continue;  // this server's already, or being made by it right now
            }
            try {
                restore(id, ownerGoneFor);
            } catch (RuntimeException unreadable) {
                System.err.println("kunren: drill " + id + " is not taken back (" + unreadable.getMessage() + "); what was stored stays");
            }
        }
    }

    /**
     * Every {@link #TAKEOVER_SCAN} on a shared database: a drill whose lease this server lost
     * (its database connection broke and another server took the drill meanwhile) is halted here,
     * and drills whose server died are taken over as after a restart.
     */
    private void watchLeases() {
        try {
            for (String lost : store.leases().renew()) {
                System.err.println("kunren: drill " + lost + " is run by another Kunren server now; it is halted here");
                Optional.ofNullable(drills.remove(lost)).ifPresent(LiveDrill::halt);
            }
            restore(OWNER_GONE_AFTER);
            scans.incrementAndGet();
        } catch (RuntimeException unavailable) {
            // the database is away: the next scan tries again
        }
    }

    private final java.util.concurrent.atomic.AtomicLong scans = new java.util.concurrent.atomic.AtomicLong();

    /** How many takeover scans have run to the end: what a test waits on to know one would have taken a drill by now. */
    long takeoverScans() {
        return scans.get();
    }

    /** Stops looking for drills to take over, and halts every running drill: the server is shutting down. */
    public void close() {
        takeover.shutdownNow();
        haltAll();
    }

    /** Takes one drill back, as {@link #restoreRecent} says. */
    private void restore(String id, java.time.Duration ownerGoneFor) {
        if (!store.leases().tryTakeOver(id, ownerGoneFor)) {
            return;  // another live server runs it (or sets it up); asked before anything of it is read
        }
        Optional<RoomStore.Drill> stored = room.drill(id);
        if (stored.isEmpty()) {
            store.leases().release(id);
            return;
        }
        RoomStore.Drill kept = stored.get();
        Scenario scenario;
        try {
            scenario = kept.scenarioYaml() != null ? ScenarioLoader.parse(kept.scenarioFile(), kept.scenarioYaml())
                    : ScenarioLoader.load(library.resolve(kept.scenarioFile()));
        } catch (dev.kunren.engine.KunrenException e) {  // a scenario that no longer loads, or a library file gone
            System.err.println("kunren: drill " + kept.id() + " is not taken back: its scenario " + kept.scenarioFile()
                    + " no longer loads (its debrief stays readable)");
            store.leases().release(kept.id());
            return;
        }
        List<EventRecord> recorded = store.events(kept.id());
        Optional<EventRecord> ended = recorded.stream()
                .filter(r -> r.event() instanceof TimelineEvent.DrillEnded).findFirst();
        if (ended.isPresent()) {
            store.leases().release(kept.id());  // an ended drill is only read: any server lists it
        }
        Timeline timeline = Timeline.continuing(kept.id(), store.sink(), clock, recorded);
        LiveDrill drill = new LiveDrill(kept.id(), scenario, kept.speed(), kept.seed(), timeline, kept.token());
        drill.whenEnded(() -> store.leases().release(kept.id()));
        drill.observerCode(kept.observerCode());
        drill.restoreObservers(kept.observers());
        drill.observersSeeFaults(room.observersSeeFaults(kept.id()));
        boolean open = ended.isEmpty();
        for (RoomStore.Team team : room.teams(kept.id())) {
            drill.restoreTeam(team.name(), team.joinCode(), team.members());
            if (open) {
                joinCodes.put(team.joinCode(), new String[] {kept.id(), team.name()});
            }
        }
        for (RoomStore.Chat chat : room.chats(kept.id())) {  // the bot posts there again, and takes the channel's slash commands
            drill.chat(chat.team(), new dev.kunren.server.chat.ChatSettings(chat.webhook() == null ? null : java.net.URI.create(chat.webhook()),
                    chat.channel(), chat.language()));
        }
        if (open) {
            joinCodes.put(kept.observerCode(), new String[] {kept.id(), OBSERVERS});
        }
        if (!recorded.isEmpty() && ended.isPresent()) {
            drill.restoredEnded();
        } else if (!recorded.isEmpty()) {
            continueAfterRestart(drill, timeline, recorded);
        }
        drills.put(kept.id(), drill);
        if (kept.scenarioYaml() == null) {
            libraryFiles.put(kept.id(), kept.scenarioFile());
        }
    }

    /**
     * A drill the stop cut short comes back paused, rebuilt from its timeline; one that cannot be
     * (it never started: a join recorded just before Start) is recorded as ended, its debrief readable.
     */
    private void continueAfterRestart(LiveDrill drill, Timeline timeline, List<EventRecord> recorded) {
        dev.kunren.engine.drill.DrillHistory history;
        try {
            history = dev.kunren.engine.drill.DrillHistory.of(recorded);
        } catch (IllegalArgumentException cannot) {
            timeline.append(recorded.getLast().at(), new TimelineEvent.DrillEnded(TimelineEvent.EndReason.FAILED,
                    "the server stopped while the drill ran, and it cannot be taken back: " + cannot.getMessage()));
            drill.restoredEnded();
            store.leases().release(drill.id());
            return;
        }
        System.err.println("kunren: drill " + drill.id() + " was cut short by the server's stop at "
                + dev.kunren.engine.clock.DurationText.format(history.stoppedAt()) + " of drill time; it is rebuilt and waits, paused, "
                + "for its facilitator to resume it");
        // pages go out however the server delivers them once it is up (set after the drills are taken back)
        drill.continueAfterRestart(history, (drillId, team, page, person) -> pageDelivery.deliver(drillId, team, page, person));
    }

    /** Whether the database takes events now. */
    public dev.kunren.server.store.StoreHealth storeHealth() {
        return store.health();
    }

    public List<LibraryScenario> library() {
        List<LibraryScenario> scenarios = new ArrayList<>();
        try (Stream<Path> files = Files.list(library)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                try {
                    Scenario s = ScenarioLoader.load(file);
                    scenarios.add(new LibraryScenario(s.name(), s.title(), s.difficulty(), s.purpose(), s.titles(), s.purposes()));
                } catch (ScenarioException e) {
                    // a broken file in the library is not offered
                }
            }
        } catch (IOException e) {
            return List.of();
        }
        return scenarios;
    }

    /** A drill from a library scenario. */
    public LiveDrill createFromLibrary(String name, double speed) {
        if (!name.matches("[a-z0-9][a-z0-9-]{0,62}")) {
            throw Problem.notFound("no scenario " + name + " in the library");
        }
        Path file = library.resolve(name + ".yaml");
        if (!Files.isRegularFile(file)) {
            throw Problem.notFound("no scenario " + name + " in the library");
        }
        return create(load(() -> ScenarioLoader.load(file)), speed, file.getFileName().toString(), null);
    }

    /** A drill from an uploaded scenario file; its problems come back as file:line:col lines. */
    public LiveDrill createFromUpload(String fileName, String yaml, double speed) {
        String label = fileName == null || fileName.isBlank() ? "upload.yaml" : Path.of(fileName).getFileName().toString();
        if (yaml.length() > ScenarioLoader.MAX_FILE_BYTES) {
            throw Problem.badRequest("scenario files may be at most 1 MB");
        }
        return create(load(() -> ScenarioLoader.parse(label, yaml)), speed, label, yaml);
    }

    private interface Loading {
        Scenario load();
    }

    private static Scenario load(Loading loading) {
        try {
            return loading.load();
        } catch (ScenarioException e) {
            throw new InvalidScenario(e.errors().stream().map(ScenarioError::toString).toList());
        }
    }

    /** A drill of {@code scenario}, kept so that a restart has it again: from the library file, or the uploaded text. */
    private LiveDrill create(Scenario scenario, double speed, String file, String uploaded) {
        if (!(speed > 0 && speed <= 600)) {
            throw Problem.badRequest("speed must be within (0, 600], but was " + speed);
        }
        if (drills.size() >= MAX_DRILLS) {
            throw new Problem(409, "Conflict", "this server already holds " + MAX_DRILLS + " drills");
        }
        String id = DrillIds.next(scenario.name(), clock.instant());
        store.createDrill(id, scenario.name(), clock.instant());
        store.leases().tryAcquire(id);  // a new id: nobody else holds it
        LiveDrill drill = new LiveDrill(id, scenario, speed, random.nextLong(), new Timeline(id, store.sink(), clock));
        drill.whenEnded(() -> store.leases().release(id));
        String observing = newCode();
        drill.observerCode(observing);
        room.saveDrill(new RoomStore.Drill(id, file, uploaded, speed, drill.seed(), drill.token(), observing, List.of()));
        joinCodes.put(observing, new String[] {id, OBSERVERS});  // an observer's code opens every team
        drills.put(id, drill);
        if (uploaded == null) {
            libraryFiles.put(id, file);
        }
        return drill;
    }

    /**
     * The runbook of a drill's library scenario, {@code runbooks/NAME.md} beside it (or {@code NAME.ja.md}
     * for Japanese, when there is one), as written: the team follows it during the drill.
     */
    public Optional<String> runbook(LiveDrill drill, String language) {
        Optional<Path> english = runbookFile(drill);
        if (english.isEmpty()) {
            return Optional.empty();
        }
        String stem = english.get().getFileName().toString().replaceFirst("\\.md$", "");
        for (String name : language.equals("ja") ? List.of(stem + ".ja.md", stem + ".md") : List.of(stem + ".md")) {
            Path runbook = english.get().resolveSibling(name);
            try {
                if (Files.isRegularFile(runbook) && Files.size(runbook) <= 256 * 1024) {
                    return Optional.of(Files.readString(runbook));
                }
            } catch (IOException e) {
                return Optional.empty();  // unreadable: as if there were none
            }
        }
        return Optional.empty();
    }

    /** Whether the team console offers a Runbook place: asked on every refresh, so a look, not a read. */
    public boolean hasRunbook(LiveDrill drill) {
        return runbookFile(drill).filter(Files::isRegularFile).isPresent();
    }

    private Optional<Path> runbookFile(LiveDrill drill) {
        return Optional.ofNullable(libraryFiles.get(drill.id()))
                .map(file -> library.resolve("runbooks").resolve(file.replaceFirst("\\.ya?ml$", "") + ".md"));
    }

    public List<LiveDrill> drills() {
        return drills.values().stream().sorted(java.util.Comparator.comparing(LiveDrill::id)).toList();
    }

    /** Whether this server holds the drill (runs it, sets it up, or lists it ended). */
    public boolean here(String id) {
        return drills.containsKey(id);
    }

    /** Whether the database has the drill, whichever server holds it. */
    public boolean known(String id) {
        return drills.containsKey(id) || store.drill(id).isPresent();
    }

    /**
     * Takes the drill now, if no live server holds it (its server is gone, or it ended since this
     * server last looked) rather than at the next scan: a request for it is answered here.
     * True when this server holds it now.
     */
    public boolean takeUp(String id) {
        if (drills.containsKey(id) || !store.leases().shared()
                || store.drill(id).filter(d -> d.createdAt().plus(RESTORED_WITHIN).isAfter(clock.instant())).isEmpty()) {
            return drills.containsKey(id);  // this server's already, or one a restart would not take back either
        }
        synchronized (taking) {
            try {
                if (!drills.containsKey(id)) {
                    restore(id, OWNER_GONE_AFTER);
                }
            } catch (RuntimeException unreadable) {
                System.err.println("kunren: drill " + id + " is not taken up (" + unreadable.getMessage() + ")");
            }
        }
        return drills.containsKey(id);
    }

    public LiveDrill drill(String id) {
        LiveDrill drill = drills.get(id);
        if (drill == null) {
            throw Problem.notFound("no drill " + id);
        }
        return drill;
    }

    public LiveDrill.Team addTeam(LiveDrill drill, String name) {
        String code = newCode();
        LiveDrill.Team team;
        try {
            team = drill.addTeam(name, code);
        } catch (RuntimeException refused) {
            joinCodes.remove(code);
            throw refused;
        }
        keep(() -> room.saveTeam(new RoomStore.Team(drill.id(), name, code, List.of()), drill.teams().size()));
        joinCodes.put(code, new String[] {drill.id(), name});
        return team;
    }

    /** A join code no team or observer has, reserved at once. */
    private synchronized String newCode() {
        String code;
        do {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < 8; i++) {
                b.append(CODE_ALPHABET.charAt(random.nextInt(CODE_ALPHABET.length())));
            }
            code = b.toString();
        } while (joinCodes.putIfAbsent(code, new String[] {"", ""}) != null);
        return code;
    }

    /** A join code as given out, however typed: upper case, without spaces or dashes. */
    static String asGivenOut(String code) {
        return code.replace(" ", "").replace("-", "").toUpperCase(java.util.Locale.ROOT);
    }

    /** The drill and team a join code opens, if any ({@link #OBSERVERS} for an observer's; case-insensitive, spaces ignored). */
    public Optional<String[]> byJoinCode(String code) {
        return Optional.ofNullable(joinCodes.get(asGivenOut(code)))
                .filter(target -> !target[0].isEmpty());  // a code reserved a moment ago, not yet given out
    }

    /** Adds {@code name} to a team of the drill (kept for a restart). */
    public void join(LiveDrill drill, String team, String name) {
        drill.join(team, name);
        keep(() -> room.saveMembers(drill.id(), team, drill.team(team).orElseThrow().members()));
    }

    /** Links a team to its chat (kept for a restart, and for a server that takes the drill over). */
    public void linkChat(LiveDrill drill, String team, dev.kunren.server.chat.ChatSettings settings) {
        drill.chat(team, settings);
        keep(() -> room.saveChat(drill.id(), new RoomStore.Chat(team, settings.postsTo().map(java.net.URI::toString).orElse(null),
                settings.channel(), settings.language())));
    }

    /** Lets the drill's observers see what was injected, or not (kept for a restart, and for the other servers' streams). */
    public void observersSeeFaults(LiveDrill drill, boolean see) {
        drill.observersSeeFaults(see);
        keep(() -> room.saveObserversSeeFaults(drill.id(), see));
    }

    /** Adds an observer to the drill (kept for a restart). */
    public void joinObserver(LiveDrill drill, String name) {
        drill.joinObserver(name);
        keep(() -> room.saveObservers(drill.id(), drill.observers()));
    }

    /**
     * Keeps a change of the room for a restart if the database takes it; while it blinks the room
     * goes on in memory (a join must not fail half done), and a restart meanwhile would forget it.
     */
    private static void keep(Runnable change) {
        try {
            change.run();
        } catch (dev.kunren.server.store.StoreException unavailable) {
            System.err.println("kunren: a change to the room is kept in memory only (" + unavailable.getMessage() + ")");
        }
    }

    /** Starts a drill that has its teams. */
    public void start(LiveDrill drill) {
        drill.start(pageDelivery);
    }

    /** Starts a drill that has its teams when its first member joins (a demo waits for someone to play it). */
    public void startOnFirstJoin(LiveDrill drill) {
        drill.startOnFirstJoin(pageDelivery);
    }

    /** Halts every running drill: the server is shutting down. */
    public void haltAll() {
        drills.values().forEach(LiveDrill::halt);
        drills.values().forEach(d -> d.awaitEnd(java.time.Duration.ofSeconds(5)));
    }

    /** A scenario that did not load, with each problem as file:line:col: message. */
    public static final class InvalidScenario extends RuntimeException {
        /** Problems listed in an answer; a file with thousands says how many more there are. */
        static final int LISTED = 100;
        private final List<String> errors;

        InvalidScenario(List<String> errors) {
            super(errors.size() + " problem" + (errors.size() == 1 ? "" : "s") + " in the scenario");
            if (errors.size() > LISTED) {
                List<String> listed = new java.util.ArrayList<>(errors.subList(0, LISTED));
                listed.add("… and " + (errors.size() - LISTED) + " more");
                errors = listed;
            }
            this.errors = List.copyOf(errors);
        }

        public List<String> errors() {
            return errors;
        }
    }
}
