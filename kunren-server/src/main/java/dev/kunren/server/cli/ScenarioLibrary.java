package dev.kunren.server.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * Where {@code serve} and {@code demo} find the scenario library: {@code --library DIR} if given,
 * else {@code scenarios} in the current folder, else the one shipped beside the launcher
 * ({@code KUNREN_HOME}, set by {@code ./kunren}), so the commands work from any folder.
 */
final class ScenarioLibrary {

    static final String OPTION_HELP = "The scenario library (default: ./scenarios, else the one shipped with Kunren).";

    private ScenarioLibrary() {
    }

    static Path locate(Path given, CommandSpec spec) {
        if (given != null) {
            if (!Files.isDirectory(given)) {
                throw new ParameterException(spec.commandLine(), "no scenario library at " + given);
            }
            return given;
        }
        Path here = Path.of("scenarios");
        if (Files.isDirectory(here)) {
            return here;
        }
        return Optional.ofNullable(System.getenv("KUNREN_HOME")).map(home -> Path.of(home, "scenarios")).filter(Files::isDirectory)
                .orElseThrow(() -> new ParameterException(spec.commandLine(),
                        "no scenario library in this folder (./scenarios); give one with --library DIR"));
    }
}
