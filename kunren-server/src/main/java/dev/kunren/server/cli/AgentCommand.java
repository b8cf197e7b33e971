package dev.kunren.server.cli;

import dev.kunren.server.agent.Agent;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code kunren agent}: runs on one of a team's hosts, connects out to a drill, and does there
 * only what its allow-list names. Ctrl-C stops it and reverts everything it did.
 */
@Command(name = "agent", mixinStandardHelpOptions = true,
        description = "Run on a team's host: connect out to a drill and do only what the allow-list names (docs/own-systems.md).")
final class AgentCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--server", required = true, paramLabel = "URL",
            description = "The drill: kunren run's console API (http://host:7070).")
    URI server;

    @Option(names = "--name", required = true, paramLabel = "NAME", description = "This agent's name, as the scenario's environment.external.agents says.")
    String name;

    @Option(names = "--token", defaultValue = "${env:KUNREN_TOKEN}", paramLabel = "TOKEN",
            description = "The drill's token (default: $KUNREN_TOKEN).")
    String token;

    @Option(names = "--allow", required = true, paramLabel = "FILE", description = "The allow-list: what this agent may do on this host (YAML).")
    Path allow;

    @Option(names = "--dead-man", defaultValue = "10s", paramLabel = "DURATION",
            description = "Revert everything when the drill has been silent this long (default: 10s).")
    String deadMan;

    @Option(names = "--journal", paramLabel = "FILE",
            description = "Where the agent writes down what outlives it (a stopped service, a killed process), so that the next agent "
                    + "started after a kill -9 undoes it (default: .kunren-agent-NAME.journal beside the allow-list).")
    Path journal;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (!"http".equals(server.getScheme()) && !"https".equals(server.getScheme()) || server.getHost() == null) {
            throw new ParameterException(spec.commandLine(), "--server must be an http:// or https:// URL, but was " + server);
        }
        if (!name.matches("[a-z0-9][a-z0-9._-]{0,62}")) {
            throw new ParameterException(spec.commandLine(), "--name is lower-case letters, digits, '.', '_' or '-', but was \"" + name + "\"");
        }
        if (token == null || token.isBlank()) {
            throw new ParameterException(spec.commandLine(), "give the drill's token: --token TOKEN (or KUNREN_TOKEN)");
        }
        if (!Files.isRegularFile(allow)) {
            throw new ParameterException(spec.commandLine(), "no allow-list file at " + allow);
        }
        Duration silence = dev.kunren.engine.clock.DurationText.parse(deadMan.toLowerCase(Locale.ROOT))
                .filter(d -> d.compareTo(Duration.ofSeconds(2)) >= 0 && d.compareTo(Duration.ofMinutes(10)) <= 0)
                .orElseThrow(() -> new ParameterException(spec.commandLine(), "--dead-man must be between 2s and 10m, but was " + deadMan));
        Agent agent = new Agent(server, name, token.strip(), allow, silence,
                journal != null ? journal : Agent.journalBeside(allow, name), out);
        out.println("kunren agent " + name + ": polling " + server + "; allowed: "
                + (agent.offered().isEmpty() ? "nothing (an empty allow-list)" : String.join(", ", agent.offered()))
                + ". Ctrl-C stops it and reverts what it did.");
        out.flush();
        Thread stop = new Thread(agent::close, "kunren-agent-stop");
        Runtime.getRuntime().addShutdownHook(stop);
        agent.run();
        return 0;
    }
}
