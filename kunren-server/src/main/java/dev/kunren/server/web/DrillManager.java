package dev.kunren.server.web;

import dev.kunren.engine.scenario.Scenario;
import dev.kunren.engine.scenario.ScenarioError;
import dev.kunren.engine.scenario.ScenarioException;
import dev.kunren.engine.scenario.ScenarioLoader;
import dev.kunren.engine.timeline.Timeline;
import dev.kunren.server.http.Problem;
import dev.kunren.server.store.DrillIds;
import dev.kunren.server.store.JdbcEventStore;
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
    private final Map<String, String[]> joinCodes = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private volatile dev.kunren.engine.oncall.PageDelivery pageDelivery = dev.kunren.engine.oncall.PageDelivery.NONE;

    public DrillManager(JdbcEventStore store, Path library, Clock clock) {
        this.store = store;
        this.library = library;
        this.clock = clock;
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
        return create(load(() -> ScenarioLoader.load(file)), speed);
    }

    /** A drill from an uploaded scenario file; its problems come back as file:line:col lines. */
    public LiveDrill createFromUpload(String fileName, String yaml, double speed) {
        String label = fileName == null || fileName.isBlank() ? "upload.yaml" : Path.of(fileName).getFileName().toString();
        if (yaml.length() > ScenarioLoader.MAX_FILE_BYTES) {
            throw Problem.badRequest("scenario files may be at most 1 MB");
        }
        return create(load(() -> ScenarioLoader.parse(label, yaml)), speed);
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

    private LiveDrill create(Scenario scenario, double speed) {
        if (!(speed > 0 && speed <= 600)) {
            throw Problem.badRequest("speed must be within (0, 600], but was " + speed);
        }
        if (drills.size() >= MAX_DRILLS) {
            throw new Problem(409, "Conflict", "this server already holds " + MAX_DRILLS + " drills");
        }
        String id = DrillIds.next(scenario.name(), clock.instant());
        store.createDrill(id, scenario.name(), clock.instant());
        LiveDrill drill = new LiveDrill(id, scenario, speed, random.nextLong(), new Timeline(id, store.sink(), clock));
        String observing = newCode();
        drill.observerCode(observing);
        joinCodes.put(observing, new String[] {id, OBSERVERS});  // an observer's code opens every team
        drills.put(id, drill);
        return drill;
    }

    public List<LiveDrill> drills() {
        return drills.values().stream().sorted(java.util.Comparator.comparing(LiveDrill::id)).toList();
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

    /** The drill and team a join code opens, if any ({@link #OBSERVERS} for an observer's; case-insensitive, spaces ignored). */
    public Optional<String[]> byJoinCode(String code) {
        return Optional.ofNullable(joinCodes.get(code.replace(" ", "").replace("-", "").toUpperCase(java.util.Locale.ROOT)))
                .filter(target -> !target[0].isEmpty());  // a code reserved a moment ago, not yet given out
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
