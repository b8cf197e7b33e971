package dev.kunren.server.cli;

import dev.kunren.engine.KunrenException;
import dev.kunren.engine.clock.DurationText;
import dev.kunren.engine.clock.ScaledDrillClock;
import dev.kunren.engine.debrief.Debrief;
import dev.kunren.engine.drill.Drill;
import dev.kunren.engine.drill.DrillHistory;
import dev.kunren.engine.report.DrillReport;
import dev.kunren.engine.scenario.Scenario;
import dev.kunren.engine.scenario.ScenarioError;
import dev.kunren.engine.scenario.ScenarioException;
import dev.kunren.engine.scenario.ScenarioLoader;
import dev.kunren.engine.timeline.EventRecord;
import dev.kunren.engine.timeline.Timeline;
import dev.kunren.engine.timeline.TimelineEvent.EndReason;
import dev.kunren.server.chat.ChatSettings;
import dev.kunren.server.chat.TeamChat;
import dev.kunren.server.console.ConsoleApi;
import dev.kunren.server.debrief.Debriefs;
import dev.kunren.server.drill.DrillAssembly;
import dev.kunren.server.paging.PageDeliveries;
import dev.kunren.server.paging.PageLinks;
import dev.kunren.server.store.DrillIds;
import dev.kunren.server.store.JdbcEventStore;
import dev.kunren.server.store.StoreException;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code kunren run SCENARIO}: runs a drill headless on the embedded practice shop, shows it live,
 * and writes report.md, report.json and timeline.jsonl. Ctrl-C halts it: every fault is reverted
 * at once and the report still written.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run a drill headless and write its report.")
final class RunCommand implements Callable<Integer> {

    /** Real requests per second a 2-core machine serves comfortably (bench/drill-cost.sh). */
    static final double COMFORTABLE_REQUESTS_PER_SECOND = 1_500;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "SCENARIO", description = "The scenario file (YAML), e.g. scenarios/first-drill.yaml.")
    Path scenarioFile;

    @Option(names = "--speed", defaultValue = "1", paramLabel = "FACTOR",
            description = "Drill seconds per real second, up to 600 (default: 1, real time).")
    double speed;

    @Option(names = "--out", paramLabel = "DIR", description = "Where to write the report (default: a new folder under runs/).")
    Path out;

    @Option(names = "--webhook", paramLabel = "URL", description = "Also post alerts to this Slack-compatible webhook.")
    URI webhook;

    @Option(names = "--chat", paramLabel = "[TEAM=]URL",
            description = "Post the team's incident (alerts, acknowledgements, incidents, role hand-overs, updates, messages, start and end) "
                    + "to a Slack-compatible incoming webhook, in the --lang language; TEAM= for one team of several (repeat for each).")
    List<String> chats = new ArrayList<>();

    @Option(names = "--lang", defaultValue = "en", paramLabel = "LANG",
            description = "en or ja: the language of report.md and report.html (default ${DEFAULT-VALUE}).")
    ReportLanguage language;

    @Option(names = "--seed", paramLabel = "N", description = "Seed for traffic and faults, to replay a drill (default: random).")
    Long seed;

    @Option(names = "--team", paramLabel = "NAME",
            description = "A team, with its own environment (repeat for several; default: one team, team-1).")
    List<String> teamNames;

    @Option(names = "--console-port", defaultValue = "7070", paramLabel = "PORT",
            description = "Port of the teams' console API (default: 7070, or a free one if taken; a port given here must be free; 0 picks one).")
    int consolePort;

    @Option(names = "--console-host", defaultValue = "127.0.0.1", paramLabel = "ADDRESS",
            description = "Address of the console API (default: 127.0.0.1; 0.0.0.0 lets agents and alert webhooks on other machines reach it).")
    String consoleHost;

    @Option(names = "--allow-host", paramLabel = "NAME",
            description = "A further name clients may use for this machine in the console API's URL (repeat for several).")
    List<String> allowedHosts = new ArrayList<>();

    @Option(names = "--token", defaultValue = "${env:KUNREN_TOKEN}", paramLabel = "TOKEN",
            description = "The secret every console API request presents (Authorization: Bearer TOKEN); default: $KUNREN_TOKEN, else a new one, printed.")
    String token;

    @Option(names = "--resume", paramLabel = "DRILL_ID",
            description = "Take back a drill of this scenario that a crash cut short (kill -9, a power cut): its environment is "
                    + "rebuilt from the timeline in the database, and it runs on from where that ends.")
    String resumeId;

    @Mixin
    DatabaseOptions database;

    @Mixin
    PagingOptions paging;

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        checkUsage();
        Scenario scenario;
        try {
            scenario = ScenarioLoader.load(scenarioFile);
        } catch (ScenarioException e) {
            e.errors().stream().map(ScenarioError::toString).forEach(stderr::println);
            return 1;
        }
        if (scenario.external().isPresent() && teams().size() > 1) {
            throw new ParameterException(spec.commandLine(), scenario.name() + " runs on a team's own systems: its services, probes "
                    + "and agents are one team's, so give at most one --team");
        }
        if (resumeId != null) {
            return resume(scenario, stdout);
        }
        Instant now = Instant.now();
        String drillId = DrillIds.next(scenario.name(), now);
        // Opening the database (Flyway) takes about as long as starting and warming the shop, so
        // both happen at once; the first event waits for the store.
        CompletableFuture<JdbcEventStore> opening = CompletableFuture.supplyAsync(() -> {
            JdbcEventStore store = database.openForDrills();
            store.createDrill(drillId, scenario.name(), now);
            store.leases().tryAcquire(drillId);  // a new id: nobody else holds it; --resume elsewhere waits for this process to go
            return store;
        });
        try {
            return run(scenario, drillId, opening, stdout, null, List.of());
        } finally {
            opening.thenAccept(JdbcEventStore::close);
        }
    }

    /**
     * {@code --resume}: the drill's stored timeline must be of this scenario, started and not
     * ended, and not a drill of {@code kunren serve} (which takes its own back when it starts
     * again); it runs on with its own seed, teams and (unless {@code --speed} says otherwise) speed.
     */
    private int resume(Scenario scenario, PrintWriter stdout) {
        JdbcEventStore store = database.openForDrills();
        try {
            List<EventRecord> recorded = store.events(resumeId);
            if (recorded.isEmpty()) {
                throw new ParameterException(spec.commandLine(), "--resume: no drill " + resumeId + " in the database; "
                        + "kunren report list shows the drills there");
            }
            if (store.room().drillIds().contains(resumeId)) {
                throw new ParameterException(spec.commandLine(), "--resume: drill " + resumeId + " is one of kunren serve's: "
                        + "start kunren serve again on this database, and it takes the drill back itself");
            }
            if (!store.leases().tryTakeOver(resumeId, java.time.Duration.ZERO)) {
                throw new ParameterException(spec.commandLine(), "--resume: drill " + resumeId + " is still running in another "
                        + "Kunren process (it holds the drill's lease); take it back once that process is gone");
            }
            DrillHistory history;
            try {
                history = DrillHistory.of(recorded);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "--resume: drill " + resumeId + " cannot be taken back: " + e.getMessage());
            }
            var started = history.started();
            if (!started.scenario().equals(scenario.name())) {
                throw new ParameterException(spec.commandLine(), "--resume: drill " + resumeId + " ran scenario " + started.scenario()
                        + ", not " + scenario.name() + "; give that scenario's file");
            }
            if (seed != null && seed != started.seed()) {
                throw new ParameterException(spec.commandLine(), "--resume: drill " + resumeId + " runs on its own seed, " + started.seed());
            }
            if (teamNames != null && !teamNames.isEmpty() && !teamNames.equals(started.teams())) {
                throw new ParameterException(spec.commandLine(), "--resume: drill " + resumeId + " has the teams "
                        + String.join(", ", started.teams()));
            }
            seed = started.seed();
            teamNames = started.teams().isEmpty() ? null : started.teams();
            if (!spec.commandLine().getParseResult().hasMatchedOption("--speed")) {
                speed = started.speed();
            }
            stdout.println("Taking back drill " + resumeId + " where its stored timeline ends, at " + DurationText.format(history.stoppedAt())
                    + " of drill time: its environment is rebuilt from " + recorded.size() + " events, then it runs on.");
            return run(scenario, resumeId, CompletableFuture.completedFuture(store), stdout, history, recorded);
        } finally {
            store.close();
        }
    }

    private static JdbcEventStore await(CompletableFuture<JdbcEventStore> opening) {
        try {
            return opening.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    /** A shipped scenario the user probably meant: {@code first-drill} for {@code scenarios/first-drill.yaml}. */
    static String didYouMean(Path asked) {
        String name = asked.getFileName() == null ? "" : asked.getFileName().toString();
        for (Path candidate : List.of(Path.of("scenarios", name), Path.of("scenarios", name + ".yaml"), Path.of(name + ".yaml"))) {
            if (Files.isRegularFile(candidate) && !candidate.equals(asked)) {
                return "; did you mean " + candidate + "?";
            }
        }
        return "";
    }

    /** The least room the report folder's disk must have: its timeline of a long drill runs to megabytes. */
    static final long REPORT_ROOM_BYTES = 16L * 1024 * 1024;

    /**
     * Why the report could not be written into {@code folder}, found before the drill rather than
     * after it: the folder is made, a file written and removed there, and its disk must have room
     * (an empty file can still be made on a full disk).
     */
    static Optional<String> cannotWrite(Path folder) {
        try {
            Files.createDirectories(folder);
            Files.delete(Files.createTempFile(folder, ".kunren-write-check", ""));
            long free = Files.getFileStore(folder).getUsableSpace();
            if (free < REPORT_ROOM_BYTES) {
                return Optional.of(String.format(Locale.ROOT, "cannot write the report into %s: its disk has %,d KB free, and a "
                        + "drill starts with at least 16 MB there; free some space, or choose another folder with --out", folder, free / 1024));
            }
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.of("cannot write the report into " + folder + " (" + e.getClass().getSimpleName() + ": " + e.getMessage()
                    + "); choose another folder with --out");
        }
    }

    private void checkUsage() {
        if (!(speed > 0 && speed <= ScaledDrillClock.MAX_SPEED)) {
            throw new ParameterException(spec.commandLine(), "--speed must be within (0, 600], but was " + speed);
        }
        if (!Files.isRegularFile(scenarioFile)) {
            throw new ParameterException(spec.commandLine(), Files.isDirectory(scenarioFile)
                    ? scenarioFile + " is a folder, not a scenario file" : "no such scenario file: " + scenarioFile + didYouMean(scenarioFile));
        }
        for (String team : teams()) {
            if (!team.matches("[a-z0-9][a-z0-9-]{0,31}")) {
                throw new ParameterException(spec.commandLine(), "--team names are 1 to 32 lower-case letters, digits or '-', "
                        + "starting with a letter or digit, but one was \"" + team + "\"");
            }
        }
        if (teams().stream().distinct().count() != teams().size()) {
            throw new ParameterException(spec.commandLine(), "each --team must be named once");
        }
        if (consolePort < 0 || consolePort > 65535) {
            throw new ParameterException(spec.commandLine(), "--console-port must be within 0..65535, but was " + consolePort);
        }
        try {
            InetAddress.getByName(consoleHost);
        } catch (java.net.UnknownHostException e) {
            throw new ParameterException(spec.commandLine(), "--console-host " + consoleHost + " is not an address of this machine");
        }
        if (token != null && !token.isEmpty() && token.strip().length() < 16) {
            throw new ParameterException(spec.commandLine(), "--token must have at least 16 characters");
        }
        if (out != null && Files.exists(out) && !Files.isDirectory(out)) {
            throw new ParameterException(spec.commandLine(), "--out must be a folder, but " + out + " is a file");
        }
        cannotWrite(out != null ? out : Path.of("runs")).ifPresent(why -> {
            throw new ParameterException(spec.commandLine(), why);
        });
        if (webhook != null && !List.of("http", "https").contains(String.valueOf(webhook.getScheme()).toLowerCase(Locale.ROOT))) {
            throw new ParameterException(spec.commandLine(), "--webhook must be an http:// or https:// URL, but was " + webhook);
        }
        chatSettings();
        paging.smtp(spec);
        database.check(spec);
    }

    /** Each team's chat from {@code --chat [TEAM=]URL}: a URL without a team's name before it is every team's. */
    private Map<String, ChatSettings> chatSettings() {
        Map<String, ChatSettings> byTeam = new java.util.LinkedHashMap<>();
        for (String chat : chats) {
            int eq = chat.indexOf('=');
            String team = eq > 0 && teams().contains(chat.substring(0, eq)) ? chat.substring(0, eq) : null;
            String url = team == null ? chat : chat.substring(eq + 1);
            ChatSettings settings;
            try {
                settings = new ChatSettings(ChatSettings.webhook(url), "", language.name());
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "--chat: " + e.getMessage()
                        + (eq > 0 && team == null ? " (" + chat.substring(0, eq) + " is not a --team of this drill)" : ""));
            }
            for (String each : team == null ? teams() : List.of(team)) {
                byTeam.put(each, settings);
            }
        }
        return byTeam;
    }

    private List<String> teams() {
        return teamNames == null || teamNames.isEmpty() ? List.of(Drill.DEFAULT_TEAM) : teamNames;
    }

    /** Runs the drill, a new one or (with {@code history}, its {@code recorded} events) one taken back after a crash. */
    private int run(Scenario scenario, String drillId, CompletableFuture<JdbcEventStore> opening, PrintWriter stdout,
                    DrillHistory history, List<EventRecord> recorded) {
        long drillSeed = seed != null ? seed : new SecureRandom().nextLong();

        ProgressPanel panel = new ProgressPanel(stdout, System.console() != null && !"dumb".equals(System.getenv("TERM")), teams());
        Timeline timeline = Timeline.continuing(drillId, record -> await(opening).append(record), Clock.systemUTC(), recorded);
        timeline.subscribe(panel);
        ScaledDrillClock clock = new ScaledDrillClock(speed);
        Map<String, ChatSettings> chat = chatSettings();
        TeamChat bot = new TeamChat(timeline, team -> Optional.ofNullable(chat.get(team)), () -> List.copyOf(chat.keySet()), clock::elapsed);
        // a headless drill's pages carry no acknowledge link: its console API is for its teams' tools, not their browsers
        Optional<PageDeliveries.Smtp> smtp = paging.smtp(spec);
        Drill drill = DrillAssembly.assemble(scenario, clock, timeline, drillSeed, teams(), Optional.ofNullable(webhook),
                List.of(new TerminalNotifier(panel)), new PageDeliveries(() -> smtp, new PageLinks(), Optional::empty), panel);
        opening.thenAccept(store -> store.onOverflow(health -> {
            stdout.println("The database has been unavailable since " + health.since() + " and " + health.waiting()
                    + " events wait: the drill is halted (every fault reverted) so that none is lost.");
            drill.halt();
        }));
        String secret = token != null && !token.isBlank() ? token.strip() : ConsoleTokens.generate();
        // nothing is printed for a drill that cannot store its timeline: the database answers first
        await(opening);
        ConsoleApi console;
        try {
            console = startConsole(scenario, drill, clock, timeline, secret);
        } catch (IOException e) {
            throw new KunrenException("cannot start the console API: " + e.getMessage(), e);
        }
        int port = console.address().getPort();
        boolean remembered = ConsoleTokens.write(port, secret);

        stdout.println("Drill " + drillId + ": " + scenario.title());
        stdout.println("Speed " + format(speed) + "×: " + DurationText.format(scenario.duration()) + " of drill time takes about "
                + DurationText.format(clock.realTimeFor(scenario.duration())) + ". Ctrl-C halts it and reverts every fault.");
        double peakRealRate = scenario.peakRatePerSecond() * speed;
        if (peakRealRate > COMFORTABLE_REQUESTS_PER_SECOND) {
            stdout.printf(Locale.ROOT, "Warning: at %s× this drill sends up to %.0f requests per real second; this machine may "
                            + "not keep up (see docs/benchmarks.md). Try --speed %s or lower.%n", format(speed), peakRealRate,
                    format(Math.max(1, Math.floor(COMFORTABLE_REQUESTS_PER_SECOND / scenario.peakRatePerSecond()))));
        }
        String consoleUrl = "http://" + (console.address().getAddress().isAnyLocalAddress() ? "127.0.0.1" : consoleHost) + ":" + port;
        stdout.println("Console API: " + consoleUrl + "/api/teams/" + teams().getFirst() + "  (kunren console --url " + consoleUrl
                + " --team " + teams().getFirst() + (scenario.tabletop() ? " messages)" : scenario.external().isPresent() ? " targets)" : " instances)"));
        stdout.println("Token: " + (token != null && !token.isBlank() ? "from --token or KUNREN_TOKEN" : secret)
                + "  (every console API request sends it as Authorization: Bearer TOKEN"
                + (remembered ? "; kunren console on this machine finds it itself)" : "; kunren console needs --token)"));
        scenario.external().ifPresent(own -> printOwnSystems(stdout, own, consoleUrl, speed));
        if (scenario.tabletop() || !scenario.expectations().isEmpty()) {
            stdout.println((scenario.tabletop() ? "A tabletop drill: answer" : "Run the incident and answer")
                    + " messages from there too: kunren console declare SEV2 \"title\", public-update, answer, expectations"
                    + " (kunren console --help), or in the web app (kunren serve).");
        }
        CountDownLatch reported = new CountDownLatch(1);
        Thread haltOnExit = new Thread(() -> {
            drill.halt();
            awaitQuietly(reported);
        }, "kunren-halt");
        Runtime.getRuntime().addShutdownHook(haltOnExit);
        try {
            EndReason reason;
            try {
                reason = history == null ? drill.run() : drill.continueFrom(history, true);
            } finally {
                console.close();
                panel.finish();
                bot.finish(java.time.Duration.ofSeconds(5));
            }
            JdbcEventStore store = await(opening);
            List<EventRecord> events;
            Debrief debrief;
            try {
                events = store.events(drillId);
                debrief = new Debriefs(store).of(drillId, events, List.of(), language.words());
            } catch (StoreException unavailable) {
                // the drill's events are all in memory: the report needs no database, and what waits is kept
                String problem = unavailable.getMessage();
                stdout.println(Character.toUpperCase(problem.charAt(0)) + problem.substring(1) + "; the report is made from "
                        + "the events in memory, and those not yet written are kept when Kunren stops.");
                events = timeline.records();
                debrief = Debriefs.fromMemory(events, language.words());
            }
            List<DrillReport> reports = debrief.reports();
            Path dir = out != null ? out : Path.of("runs", drillId);
            ReportFiles.write(dir, debrief, events);
            stdout.printf(Locale.ROOT, "Drill %s (%s).%n", reason.name().toLowerCase(Locale.ROOT), drillId);
            for (DrillReport report : reports) {
                long met = report.expectations().stream().filter(DrillReport.ExpectationReport::met).count();
                String expectations = report.expectations().isEmpty() ? ""
                        : String.format(Locale.ROOT, ", %d of %d expectations met", met, report.expectations().size());
                String service = scenario.tabletop() ? "" : String.format(Locale.ROOT, ", availability %.2f%%, %,d of %,d requests failed",
                        report.totals().availabilityPercent(), report.totals().failed(), report.totals().requests());
                // the same figures as the progress line, with thousands separators
                stdout.printf(Locale.ROOT, "%sScore %,.0f%s%s.%n", reports.size() > 1 ? report.team() + ": " : "",
                        report.totals().score(), service, expectations);
            }
            stdout.println("Report: " + dir.resolve("report.md") + " (and report.html, report.json, timeline.jsonl)");
            return reason == EndReason.COMPLETED ? 0 : reason == EndReason.HALTED ? 130 : 1;
        } finally {
            // also when the drill failed: a shutdown hook left waiting would hold the exit 15 s
            reported.countDown();
            removeHook(haltOnExit);
            ConsoleTokens.delete(port, secret);
        }
    }

    /**
     * The console API on the chosen port; the default port, when taken, gives way to a free one,
     * while a port the user named must be free (a script that named it would talk to another drill).
     */
    private ConsoleApi startConsole(Scenario scenario, Drill drill, ScaledDrillClock clock, Timeline timeline, String secret)
            throws IOException {
        ConsoleApi api = new ConsoleApi(teams(), drill::environment, timeline, Set.copyOf(allowedHosts), Optional.of(secret))
                .withIncidentCommand(scenario, drill, clock).withOwnSystems(drill);
        InetAddress host = InetAddress.getByName(consoleHost);
        try {
            return api.start(new InetSocketAddress(host, consolePort));
        } catch (BindException taken) {
            if (spec.commandLine().getParseResult().hasMatchedOption("--console-port")) {
                throw new KunrenException("--console-port " + consolePort + " is in use (another drill?); choose another, or 0 for any", taken);
            }
            return api.start(new InetSocketAddress(host, 0));
        }
    }

    /** How the team's own systems meet this drill: agents, alert webhooks, the halt. */
    private void printOwnSystems(PrintWriter stdout, dev.kunren.engine.scenario.ExternalEnvironment own, String consoleUrl, double speed) {
        for (var service : own.services()) {
            stdout.println("Service " + service.name() + ": clients go to " + service.listen().getAddress().getHostAddress() + ":"
                    + service.listen().getPort() + " (Kunren's proxy), which relays to " + service.upstream().getAddress().getHostAddress()
                    + ":" + service.upstream().getPort());
        }
        if (!own.agents().isEmpty()) {
            stdout.println("Agents (" + String.join(", ", own.agents()) + "): on each host, kunren agent --server " + consoleUrl
                    + " --name NAME --token TOKEN --allow allow.yaml" + (consoleHost.equals("127.0.0.1")
                    ? "  (agents on other hosts need --console-host 0.0.0.0)" : ""));
        }
        stdout.println("Alert webhooks: " + consoleUrl + "/api/ingest/alertmanager (or grafana, mackerel, generic), "
                + "with Authorization: Bearer TOKEN. Emergency stop: kunren halt");
        if (speed != 1) {
            stdout.println("Note: your own monitoring keeps real time; at " + format(speed) + "× its alerts come later in drill time. "
                    + "A drill on your own systems is best run at --speed 1.");
        }
    }

    private static String format(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.format(Locale.ROOT, "%.2f", value);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(15, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the JVM is already exiting (Ctrl-C); the hook is running and waits for this report
        }
    }
}
