package dev.kunren.server.cli;

import dev.kunren.server.store.JdbcEventStore;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where drills are stored: the embedded H2 file under runs/ unless a JDBC URL is given. */
final class DatabaseOptions {

    static final Path EMBEDDED = Path.of("runs", "kunren");

    @Option(names = "--db", paramLabel = "JDBC_URL", defaultValue = "${env:KUNREN_DB_URL}",
            description = "Database, e.g. jdbc:postgresql://127.0.0.1:5432/kunren (default: embedded H2 in runs/kunren.mv.db; env KUNREN_DB_URL).")
    String url;

    @Option(names = "--db-user", defaultValue = "${env:KUNREN_DB_USER}", description = "Database user (env KUNREN_DB_USER).")
    String user;

    @Option(names = "--db-password", defaultValue = "${env:KUNREN_DB_PASSWORD}", arity = "0..1", interactive = true,
            description = "Database password (env KUNREN_DB_PASSWORD).")
    String password;

    /** A URL that is not a JDBC one is a usage mistake, named with the fix (exit 2), before anything starts. */
    void check(picocli.CommandLine.Model.CommandSpec spec) {
        if (url == null || url.isBlank() || url.startsWith("jdbc:")) {
            return;
        }
        String hint = url.matches("(?i)postgres(ql)?://.*") ? "jdbc:postgresql://" + url.replaceFirst("(?i)^postgres(ql)?://", "")
                : url.matches("(?i)h2:.*") ? "jdbc:" + url : "jdbc:postgresql://HOST:5432/DATABASE or jdbc:h2:file:./runs/NAME";
        throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                "--db takes a JDBC URL, which starts with jdbc: — did you mean " + hint + "?");
    }

    /** The store, to read drills from or write events back into, whatever room its disk has left. */
    JdbcEventStore open() {
        if (url == null || url.isBlank()) {
            return JdbcEventStore.openEmbedded(EMBEDDED);
        }
        return JdbcEventStore.open(url, user, password);
    }

    /** The store for new drills: an embedded one on a disk about to fill is refused first. */
    JdbcEventStore openForDrills() {
        JdbcEventStore.requireRoomForDrills(url == null || url.isBlank() ? "jdbc:h2:file:" + EMBEDDED.toAbsolutePath() : url);
        return open();
    }
}
