package dev.kunren.server.cli;

import dev.kunren.engine.KunrenException;
import dev.kunren.server.oidc.OidcSettings;
import dev.kunren.server.store.JdbcEventStore;
import dev.kunren.server.web.FacilitatorPassword;
import dev.kunren.server.web.WebServer;
import dev.kunren.http.tls.ServerTls;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
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

    @Mixin
    WebListening listening;

    @Option(names = "--library", paramLabel = "DIR", description = ScenarioLibrary.OPTION_HELP)
    Path library;

    @Option(names = "--reset-facilitator-password", description = "Set a new facilitator password (from KUNREN_FACILITATOR_PASSWORD, or generated).")
    boolean resetPassword;

    @Mixin
    DatabaseOptions database;

    @Mixin
    PagingOptions paging;

    @Option(names = "--oidc-issuer", paramLabel = "URL",
            description = "Sign facilitators and observers in through this OpenID provider (authorization code + PKCE; client secret from KUNREN_OIDC_CLIENT_SECRET).")
    java.net.URI oidcIssuer;

    @Option(names = "--oidc-client-id", paramLabel = "ID", description = "Kunren's client id at the OpenID provider.")
    String oidcClientId;

    @Option(names = "--oidc-groups-claim", defaultValue = OidcSettings.DEFAULT_GROUPS_CLAIM, paramLabel = "CLAIM",
            description = "The ID token's claim listing a person's groups (default: ${DEFAULT-VALUE}).")
    String oidcGroupsClaim;

    @Option(names = "--oidc-facilitator-group", defaultValue = OidcSettings.DEFAULT_FACILITATOR_GROUP, paramLabel = "GROUP",
            description = "Members of this group sign in as facilitators (default: ${DEFAULT-VALUE}).")
    String oidcFacilitatorGroup;

    @Option(names = "--oidc-observer-group", defaultValue = OidcSettings.DEFAULT_OBSERVER_GROUP, paramLabel = "GROUP",
            description = "Members of this group sign in as observers of every drill (default: ${DEFAULT-VALUE}).")
    String oidcObserverGroup;

    @Option(names = "--public-url", paramLabel = "URL",
            description = "Where people open this server, for the links Kunren sends out (pages' acknowledge links); default: the first link printed.")
    String publicUrl;

    @Option(names = "--node-url", paramLabel = "URL",
            description = "With other kunren serve processes on one PostgreSQL: where they reach this one, to hand it the requests "
                    + "for the drills it runs, such as http://10.0.0.5:8080 (default: the address it listens on).")
    String nodeUrl;

    @Override
    public Integer call() throws IOException, InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        listening.check(spec);
        database.check(spec);
        String given = System.getenv("KUNREN_FACILITATOR_PASSWORD");
        if (given != null && !given.isBlank()) {
            FacilitatorPassword.problem(given).ifPresent(p -> {
                throw new KunrenException("KUNREN_FACILITATOR_PASSWORD: " + p);
            });
        }
        Path libraryDir = ScenarioLibrary.locate(library, spec);
        Optional<ServerTls> tls = listening.tls(spec);
        Optional<dev.kunren.server.paging.PageDeliveries.Smtp> smtp = paging.smtp(spec);
        if (publicUrl != null && !publicUrl.matches("https?://[^\\s/]+(/\\S*)?")) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--public-url is where people open Kunren, such as https://kunren.example.com, not " + publicUrl);
        }
        if (nodeUrl != null && !nodeUrl.matches("https?://[^\\s/]+/?")) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--node-url is where the other Kunren servers reach this one, such as http://10.0.0.5:8080, not " + nodeUrl);
        }
        Optional<OidcSettings> oidc = oidc();
        JdbcEventStore store = database.openForDrills();
        WebServer server = new WebServer(store, libraryDir, Clock.systemUTC(), System.getenv("KUNREN_SLACK_SIGNING_SECRET"));
        smtp.ifPresent(server::smtp);
        oidc.ifPresent(server::oidc);
        Optional.ofNullable(nodeUrl).ifPresent(server::nodeUrl);
        try {
            listening.start(server, tls, spec);
        } catch (KunrenException e) {
            store.close();
            throw e;
        }
        // only once listening: a server that could not start has shown nobody a password it made
        String password = ensurePassword(server, resetPassword);
        List<String> links = listening.links(server);
        server.publicUrl(publicUrl != null ? publicUrl : links.getFirst());
        out.println("Kunren web app: " + String.join("  ", links));
        WebListening.printFingerprint(out, tls, listening.tlsSelfSigned);
        out.println("Facilitator password" + password);
        if (store.leases().shared()) {  // PostgreSQL: other servers may share the room (docs/web.md)
            out.println("Other Kunren servers on this database reach this one at " + server.announcedUrl()
                    + (nodeUrl == null ? " (on other machines, give --node-url with an address they can reach)" : ""));
        }
        out.println("Ctrl-C stops the server and halts every running drill.");
        out.flush();
        awaitShutdown(server, store);
        return 0;
    }

    /** Sign-in through the company's OpenID provider, if asked for; half of it given is a usage error. */
    private Optional<OidcSettings> oidc() {
        if (oidcIssuer == null && oidcClientId == null) {
            return Optional.empty();
        }
        if (oidcIssuer == null || oidcClientId == null || oidcClientId.isBlank()) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--oidc-issuer and --oidc-client-id go together");
        }
        if (!List.of("http", "https").contains(String.valueOf(oidcIssuer.getScheme())) || oidcIssuer.getHost() == null) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--oidc-issuer is the provider's issuer URL, such as https://login.example.com/realms/company, not " + oidcIssuer);
        }
        return Optional.of(new OidcSettings(oidcIssuer, oidcClientId.strip(),
                Optional.ofNullable(System.getenv("KUNREN_OIDC_CLIENT_SECRET")).filter(s -> !s.isBlank()), oidcGroupsClaim,
                oidcFacilitatorGroup, oidcObserverGroup));
    }

    /** Sets the password when none is set (or on request); says where it came from, or what it is if generated. */
    static String ensurePassword(WebServer server, boolean reset) {
        if (server.password().isSet() && !reset) {
            return ": as set before (kunren serve --reset-facilitator-password makes a new one)";
        }
        String given = System.getenv("KUNREN_FACILITATOR_PASSWORD");
        if (given != null && !given.isBlank()) {
            server.password().set(given);
            return ": from KUNREN_FACILITATOR_PASSWORD";
        }
        return " (shown once, keep it): " + server.password().generate();
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
