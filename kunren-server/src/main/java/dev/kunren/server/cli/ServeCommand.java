package dev.kunren.server.cli;

import dev.kunren.engine.KunrenException;
import dev.kunren.server.store.JdbcEventStore;
import dev.kunren.server.web.WebServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code kunren serve}: the web app for facilitators, teams and the scoreboard. At the first start
 * it sets the facilitator password (from {@code KUNREN_FACILITATOR_PASSWORD}, or generated and
 * printed once). Ctrl-C halts every running drill.
 */
@Command(name = "serve", mixinStandardHelpOptions = true, description = "Run the web app: facilitator console, team consoles, scoreboard.")
final class ServeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--host", defaultValue = "127.0.0.1", paramLabel = "ADDRESS", description = "Address to listen on (default: 127.0.0.1).")
    String host;

    @Option(names = "--port", defaultValue = "8080", paramLabel = "PORT", description = "Port (default: 8080).")
    int port;

    @Option(names = "--library", paramLabel = "DIR", description = ScenarioLibrary.OPTION_HELP)
    Path library;

    @Option(names = "--reset-facilitator-password", description = "Set a new facilitator password (from KUNREN_FACILITATOR_PASSWORD, or generated).")
    boolean resetPassword;

    @Mixin
    DatabaseOptions database;

    @Override
    public Integer call() throws IOException, InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        if (port < 0 || port > 65535) {
            throw new ParameterException(spec.commandLine(), "--port must be within 0..65535, but was " + port);
        }
        Path libraryDir = ScenarioLibrary.locate(library, spec);
        JdbcEventStore store = database.open();
        WebServer server = new WebServer(store, libraryDir, Clock.systemUTC());
        String password = ensurePassword(server, resetPassword);
        try {
            server.start(new InetSocketAddress(InetAddress.getByName(host), port));
        } catch (IOException e) {
            store.close();
            throw new KunrenException("cannot listen on " + host + ":" + port + ": " + e.getMessage(), e);
        }
        String url = "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + server.address().getPort() + "/";
        out.println("Kunren web app: " + url);
        if (password != null) {
            out.println("Facilitator password (shown once, keep it): " + password);
        }
        out.println("Ctrl-C stops the server and halts every running drill.");
        out.flush();
        awaitShutdown(server, store);
        return 0;
    }

    /** Sets the password when none is set (or on request); returns it if it was generated. */
    static String ensurePassword(WebServer server, boolean reset) {
        if (server.password().isSet() && !reset) {
            return null;
        }
        String given = System.getenv("KUNREN_FACILITATOR_PASSWORD");
        if (given != null && !given.isBlank()) {
            server.password().set(given);
            return null;
        }
        return server.password().generate();
    }

    static void awaitShutdown(WebServer server, JdbcEventStore store) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            store.close();
            stopped.countDown();
        }, "kunren-serve-stop"));
        stopped.await();
    }
}
