package dev.kunren.server.cli;

import dev.kunren.engine.KunrenException;
import java.io.PrintWriter;
import picocli.CommandLine;

/**
 * The {@code kunren} command. Exit codes: 0 success, 1 failure (an invalid scenario, a drill that
 * failed, a database that cannot be reached), 2 bad usage. A stack trace is printed only when
 * {@code KUNREN_DEBUG} is set.
 */
public final class Main {

    private Main() {
    }

    /** The commands that run drills or servers on virtual threads (see {@link VirtualThreadSafety}). */
    private static final java.util.Set<String> LONG_RUNNING = java.util.Set.of("run", "serve", "demo", "proxy", "agent");

    public static void main(String[] args) {
        VirtualThreadSafety.spareCarriers();
        if (args.length > 0 && LONG_RUNNING.contains(args[0])) {
            VirtualThreadSafety.preloadOwnClasses();
        }
        if (args.length > 0 && args[0].equals("proxy")) {
            ProxyCommand.defaultEventLoops();
        }
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        int code = execute(args, out, err);
        out.flush();
        err.flush();
        System.exit(code);
    }

    /** Runs the command line with the given writers; returns the exit code. */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine commandLine = new CommandLine(new KunrenCommand());
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.getSubcommands().get("console").getCommandSpec().usageMessage()
                .footer("", "Verbs:", ConsoleCommand.verbHelp());
        // a usage mistake is one line and a pointer to the help, not the whole usage (exit 2)
        commandLine.setParameterExceptionHandler((mistake, arguments) -> {
            CommandLine wrong = mistake.getCommandLine();
            err.println(wrong.getCommandSpec().qualifiedName() + ": " + mistake.getMessage());
            CommandLine.UnmatchedArgumentException.printSuggestions(mistake, err);
            err.println("Run '" + wrong.getCommandSpec().qualifiedName() + " --help' for usage.");
            return 2;
        });
        commandLine.setExecutionExceptionHandler((exception, command, parseResult) -> {
            if (exception instanceof KunrenException known) {
                err.println("kunren: error: " + known.getMessage());
            } else {
                err.println("kunren: internal error: " + exception
                        + (System.getenv("KUNREN_DEBUG") == null ? " (set KUNREN_DEBUG=1 to see where)" : ""));
            }
            if (System.getenv("KUNREN_DEBUG") != null) {
                exception.printStackTrace(err);
            }
            return 1;
        });
        return commandLine.execute(args);
    }
}
