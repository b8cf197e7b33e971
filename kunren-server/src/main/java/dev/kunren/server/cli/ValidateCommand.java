package dev.kunren.server.cli;

import dev.kunren.engine.scenario.Scenario;
import dev.kunren.engine.scenario.ScenarioError;
import dev.kunren.engine.scenario.ScenarioException;
import dev.kunren.engine.scenario.ScenarioLoader;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code kunren validate FILE...}: exit 0 when every file is valid, 1 when any is not, 2 on bad usage. */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Check scenario files; print each problem as file:line:col: message.")
final class ValidateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Scenario files (YAML).")
    List<Path> files;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        boolean missing = false;
        boolean invalid = false;
        for (Path file : files) {
            if (!Files.isRegularFile(file)) {
                err.println("kunren validate: " + file + (Files.isDirectory(file) ? ": a folder, not a scenario file"
                        : ": no such file" + RunCommand.didYouMean(file)));
                missing = true;
                continue;
            }
            try {
                Scenario scenario = ScenarioLoader.load(file);
                out.println(file + ": ok (" + scenario.name() + ", " + count(scenario.injects().size(), "inject") + ", "
                        + count(scenario.alerts().size(), "alert rule") + ")");
            } catch (ScenarioException e) {
                invalid = true;
                e.errors().stream().map(ScenarioError::toString).forEach(err::println);
            }
        }
        return missing ? 2 : invalid ? 1 : 0;
    }

    private static String count(int n, String thing) {
        return n + " " + thing + (n == 1 ? "" : "s");
    }
}
