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
}
