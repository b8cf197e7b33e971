package dev.kunren.server.cli;

import dev.kunren.engine.KunrenException;
import dev.kunren.server.store.JdbcEventStore;
import dev.kunren.server.web.DrillManager;
import dev.kunren.server.web.LiveDrill;
import dev.kunren.server.web.WebServer;
import dev.kunren.http.tls.ServerTls;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code kunren demo}: the web app on an in-memory database with a demo drill of two teams
 * already running, and the links to open it as the facilitator, as each team, and as the
 * scoreboard.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, description = "Start the web app with a running demo drill of two teams.")
final class DemoCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    WebListening listening;

    @Option(names = "--scenario", defaultValue = "gameday", paramLabel = "NAME", description = "Library scenario (default: gameday).")
    String scenario;

    @Option(names = "--speed", defaultValue = "2", paramLabel = "FACTOR", description = "Drill speed (default: 2).")
    double speed;

    @Option(names = "--library", paramLabel = "DIR", description = ScenarioLibrary.OPTION_HELP)
    Path library;

    @Override
    public Integer call() throws IOException, InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        listening.check(spec);
        if (!(speed > 0 && speed <= 600)) {
            throw new ParameterException(spec.commandLine(), "--speed must be within (0, 600], but was " + speed);
        }
        Path libraryDir = ScenarioLibrary.locate(library, spec);
        Optional<ServerTls> tls = listening.tls(spec);
        JdbcEventStore store = JdbcEventStore.open("jdbc:h2:mem:kunren-demo;DB_CLOSE_DELAY=-1", "", "");
        WebServer server = new WebServer(store, libraryDir, Clock.systemUTC());
        String password = server.password().generate();
        try {
            listening.start(server, tls, spec);
        } catch (KunrenException e) {
            store.close();
            throw e;
        }
        LiveDrill drill;
        try {
            drill = server.drills().createFromLibrary(scenario, speed);
        } catch (dev.kunren.server.http.Problem | DrillManager.InvalidScenario e) {
            server.close();
            store.close();
            throw new ParameterException(spec.commandLine(), "--scenario " + scenario + ": " + e.getMessage());
        }
        LiveDrill.Team red = server.drills().addTeam(drill, "red");
        LiveDrill.Team blue = server.drills().addTeam(drill, "blue");
        List<String> links = listening.links(server);
        String url = links.getFirst().substring(0, links.getFirst().length() - 1);
        String times = (speed == Math.rint(speed) ? String.valueOf((long) speed) : String.valueOf(speed)) + "×";
        out.println("Kunren demo: " + drill.scenario().title() + " at " + times + ", teams red and blue.");
        out.println("  Open:        " + url + "/?signin=" + server.oneTimeSignInToken() + "&drill=" + drill.id()
                + "   (signs you in as the facilitator, once)");
        out.println("  Facilitator: " + url + "/   password " + password);
        out.println("  Team red:    " + url + "/?code=" + red.joinCode());
        out.println("  Team blue:   " + url + "/?code=" + blue.joinCode());
        out.println("  Scoreboard:  " + url + "/scoreboard?drill=" + drill.id() + "  (signed in as the facilitator)");
        if (links.size() > 1) {
            out.println("  Also at:     " + String.join("  ", links.subList(1, links.size())));
        }
        WebListening.printFingerprint(out, tls, listening.tlsSelfSigned);
        out.println("The drill starts when the first member joins (or the facilitator presses Start), and then runs "
                + dev.kunren.engine.clock.DurationText.format(drill.scenario().duration()) + " of drill time: about "
                + dev.kunren.engine.clock.DurationText.format(java.time.Duration.ofMillis((long) (drill.scenario().duration().toMillis() / speed)))
                + " at " + times + ". Ctrl-C stops everything.");
        out.flush();
        server.drills().startOnFirstJoin(drill);
        ServeCommand.awaitShutdown(server, store);
        return 0;
    }
}
