package dev.kunren.server.store;

import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;

/**
 * The databases store tests run against: a fresh embedded H2 file, and the machine's PostgreSQL
 * ({@code KUNREN_TEST_POSTGRES_URL}, by default the kunren_test database that .ci/run creates).
 * Without a reachable PostgreSQL its tests are skipped, unless {@code KUNREN_REQUIRE_POSTGRES=1}
 * (set by .ci/run) makes that a failure.
 */
public final class Databases {

    public static final String POSTGRES_URL = System.getenv().getOrDefault("KUNREN_TEST_POSTGRES_URL",
            "jdbc:postgresql://127.0.0.1:5432/kunren_test?user=kunren&password=kunren");

    private Databases() {
    }

    public static JdbcEventStore open(String kind, Path tempDir) {
        return switch (kind) {
            case "h2" -> JdbcEventStore.openEmbedded(tempDir.resolve("kunren-" + UUID.randomUUID()));
            case "postgresql" -> {
                requirePostgres();
                yield JdbcEventStore.open(POSTGRES_URL, null, null);
            }
            default -> throw new IllegalArgumentException(kind);
        };
    }

    public static void requirePostgres() {
        try {
            DriverManager.getConnection(POSTGRES_URL).close();
        } catch (SQLException e) {
            if ("1".equals(System.getenv("KUNREN_REQUIRE_POSTGRES"))) {
                throw new AssertionError("PostgreSQL is required (KUNREN_REQUIRE_POSTGRES=1) but not reachable at "
                        + JdbcEventStore.redact(POSTGRES_URL) + ": " + e.getMessage(), e);
            }
            Assumptions.abort("PostgreSQL not reachable at " + JdbcEventStore.redact(POSTGRES_URL)
                    + "; run bin/start-postgres.sh (or .ci/run) to include these tests");
        }
    }

    /** Skips the test unless this machine may restart PostgreSQL (root and pg_ctlcluster, as in CI, where it must). */
    public static void requireRestart() {
        requirePostgres();
        boolean canRestart = java.nio.file.Files.isExecutable(Path.of("/usr/bin/pg_ctlcluster")) && "root".equals(System.getProperty("user.name"));
        if ("1".equals(System.getenv("KUNREN_REQUIRE_POSTGRES"))) {
            org.assertj.core.api.Assertions.assertThat(canRestart).as("restarting PostgreSQL needs root and pg_ctlcluster (as in CI)").isTrue();
        }
        Assumptions.assumeTrue(canRestart, "restarting PostgreSQL needs root and pg_ctlcluster");
    }

    /** {@code pg_ctlcluster VERSION main ACTION…} on the newest cluster; after a start, waits (30 s at most) until it takes connections. */
    public static void postgres(String... action) throws Exception {
        String version;
        try (var versions = java.nio.file.Files.list(Path.of("/etc/postgresql"))) {
            version = versions.map(p -> p.getFileName().toString()).sorted().reduce((a, b) -> b).orElseThrow();
        }
        java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of("pg_ctlcluster", version, "main"));
        command.addAll(java.util.List.of(action));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        org.assertj.core.api.Assertions.assertThat(process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS) && process.exitValue() == 0)
                .as("pg_ctlcluster " + action[0] + ": " + output).isTrue();
        if (action[0].equals("start")) {
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
                DriverManager.getConnection(POSTGRES_URL).close();
                return true;
            });
        }
    }
}
