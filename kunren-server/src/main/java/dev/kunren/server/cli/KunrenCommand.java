package dev.kunren.server.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The top of the command tree; on its own it only explains itself. */
@Command(name = "kunren", mixinStandardHelpOptions = true, version = "kunren 0.1.0",
        description = "Incident-response drills and GameDays: practise failure safely, measure every stage.",
        subcommands = {RunCommand.class, ValidateCommand.class, ProxyCommand.class, ConsoleCommand.class, ServeCommand.class,
                DemoCommand.class, ReportCommand.class, RecoverCommand.class, AgentCommand.class, HaltCommand.class})
final class KunrenCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing command: try 'kunren run scenarios/first-drill.yaml --speed 10'");
    }
}
