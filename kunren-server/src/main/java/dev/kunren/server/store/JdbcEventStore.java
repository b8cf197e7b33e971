package dev.kunren.server.store;

import dev.kunren.engine.timeline.EventJson;
import dev.kunren.engine.timeline.EventRecord;
import dev.kunren.engine.timeline.EventSink;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/**
 * Drills and their timelines in a relational database: the embedded H2 file by default,
 * PostgreSQL in production. The schema comes from Flyway migrations; the same statements run on
 * both.
 */
public final class JdbcEventStore implements AutoCloseable {

    /** The version of the newest file in src/main/resources/db/migration; a test keeps them in step. */
    static final String LATEST_MIGRATION = "4";
    /** H2's code for a file database another process holds open. */
    private static final int H2_DATABASE_IN_USE = 90020;

    private final Connection connection;

    private JdbcEventStore(Connection connection) {
        this.connection = connection;
    }

    /**
     * Connects, brings the schema up to date, and returns the store. The store's connection is
     * opened first so that an in-memory database outlives the migration.
     */
    public static JdbcEventStore open(String url, String user, String password) {
        Connection connection;
        try {
            connection = DriverManager.getConnection(url, user, password);
        } catch (SQLException e) {
            if (e.getErrorCode() == H2_DATABASE_IN_USE) {
                throw new StoreException("the embedded database " + redact(url) + " is in use by another kunren process; "
                        + "wait for that drill to end, or give this one its own: --db jdbc:h2:file:./runs/another", e);
            }
            throw new StoreException("cannot connect to the database at " + redact(url) + ": " + e.getMessage(), e);
        }
        try {
            if (!schemaIsCurrent(connection)) {
                Flyway.configure().dataSource(url, user, password).locations("classpath:db/migration")
                        .loggers("slf4j").load().migrate();
            }
        } catch (FlywayException e) {
            closeQuietly(connection);
            throw new StoreException("cannot prepare the database at " + redact(url) + ": " + rootMessage(e), e);
        }
        return new JdbcEventStore(connection);
    }

    /**
     * Whether Flyway's history already ends at {@link #LATEST_MIGRATION}. Starting Flyway costs
     * about a second, so a database that is up to date skips it; any doubt runs Flyway.
     */
    static boolean schemaIsCurrent(Connection connection) {
        try (var query = connection.createStatement();
             ResultSet rows = query.executeQuery("SELECT \"version\" FROM \"flyway_schema_history\" WHERE \"success\" = TRUE"
                     + " ORDER BY \"installed_rank\" DESC")) {
            return rows.next() && LATEST_MIGRATION.equals(rows.getString(1));
        } catch (SQLException e) {
            rollbackQuietly(connection);
            return false;
        }
    }

    private static void rollbackQuietly(Connection connection) {
        try {
            if (!connection.getAutoCommit()) {
                connection.rollback();
            }
        } catch (SQLException ignored) {
            // PostgreSQL aborts a transaction after an error; autocommit mode needs nothing here
        }
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // already failing; the first error is the one to report
        }
    }

    /** An embedded H2 database in a file, created on first use. */
    public static JdbcEventStore openEmbedded(java.nio.file.Path file) {
        return open("jdbc:h2:file:" + file.toAbsolutePath() + ";DB_CLOSE_ON_EXIT=FALSE", "sa", "");
    }

    public synchronized void createDrill(String drillId, String scenario, Instant createdAt) {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO drills (id, scenario, created_at) VALUES (?, ?, ?)")) {
            insert.setString(1, drillId);
            insert.setString(2, scenario);
            insert.setTimestamp(3, Timestamp.from(createdAt));
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("cannot record drill " + drillId + ": " + e.getMessage(), e);
        }
    }

    /** Where a drill's timeline writes: every event is committed as it happens. */
    public EventSink sink() {
        return this::append;
    }

    public synchronized void append(EventRecord record) {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO timeline_events (drill_id, seq, at_nanos, recorded_at, type, payload, team) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, record.drillId());
            insert.setLong(2, record.seq());
            insert.setLong(3, record.at().toNanos());
            insert.setTimestamp(4, Timestamp.from(record.recordedAt()));
            insert.setString(5, EventJson.typeName(record.event()));
            insert.setString(6, EventJson.write(record.event()));
            insert.setString(7, record.team());
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("cannot record event " + record.seq() + " of drill " + record.drillId() + ": "
                    + e.getMessage(), e);
        }
    }

    /** A server setting, if set. */
    public synchronized Optional<String> setting(String name) {
        try (PreparedStatement select = connection.prepareStatement("SELECT setting_value FROM settings WHERE setting_name = ?")) {
            select.setString(1, name);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? Optional.of(rows.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new StoreException("cannot read setting " + name + ": " + e.getMessage(), e);
        }
    }

    public synchronized void putSetting(String name, String value) {
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM settings WHERE setting_name = ?");
             PreparedStatement insert = connection.prepareStatement("INSERT INTO settings (setting_name, setting_value) VALUES (?, ?)")) {
            delete.setString(1, name);
            delete.executeUpdate();
            insert.setString(1, name);
            insert.setString(2, value);
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("cannot store setting " + name + ": " + e.getMessage(), e);
        }
    }

    /** A drill's events in timeline order. */
    public synchronized List<EventRecord> events(String drillId) {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT seq, at_nanos, recorded_at, payload, team FROM timeline_events WHERE drill_id = ? ORDER BY seq")) {
            select.setString(1, drillId);
            List<EventRecord> records = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    records.add(new EventRecord(drillId, rows.getLong(1), rows.getString(5), Duration.ofNanos(rows.getLong(2)),
                            rows.getTimestamp(3).toInstant(), EventJson.read(rows.getString(4))));
                }
            }
            return records;
        } catch (SQLException e) {
            throw new StoreException("cannot read the timeline of drill " + drillId + ": " + e.getMessage(), e);
        }
    }

    /** A saved version of a team's postmortem: the document as JSON, who saved it and when. */
    public record SavedPostmortem(int version, String document, String savedBy, Instant savedAt) {
    }

    /** Saves a new version of a team's postmortem and returns its number (1 for the first). */
    public synchronized int savePostmortem(String drillId, String team, String document, String savedBy, Instant savedAt) {
        int version = latestPostmortem(drillId, team).map(SavedPostmortem::version).orElse(0) + 1;
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO postmortems (drill_id, team, version, saved_at, saved_by, document) VALUES (?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, drillId);
            insert.setString(2, team);
            insert.setInt(3, version);
            insert.setTimestamp(4, Timestamp.from(savedAt));
            insert.setString(5, savedBy);
            insert.setString(6, document);
            insert.executeUpdate();
            return version;
        } catch (SQLException e) {
            throw new StoreException("cannot save the postmortem of team " + team + " of drill " + drillId + ": " + e.getMessage(), e);
        }
    }

    public synchronized Optional<SavedPostmortem> latestPostmortem(String drillId, String team) {
        try (PreparedStatement select = connection.prepareStatement("SELECT version, document, saved_by, saved_at FROM postmortems"
                + " WHERE drill_id = ? AND team = ? ORDER BY version DESC")) {
            select.setString(1, drillId);
            select.setString(2, team);
            select.setMaxRows(1);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? Optional.of(new SavedPostmortem(rows.getInt(1), rows.getString(2), rows.getString(3),
                        rows.getTimestamp(4).toInstant())) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new StoreException("cannot read the postmortem of team " + team + " of drill " + drillId + ": " + e.getMessage(), e);
        }
    }

    /** Every saved version of a team's postmortem, oldest first. */
    public synchronized List<SavedPostmortem> postmortemVersions(String drillId, String team) {
        try (PreparedStatement select = connection.prepareStatement("SELECT version, document, saved_by, saved_at FROM postmortems"
                + " WHERE drill_id = ? AND team = ? ORDER BY version")) {
            select.setString(1, drillId);
            select.setString(2, team);
            List<SavedPostmortem> versions = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    versions.add(new SavedPostmortem(rows.getInt(1), rows.getString(2), rows.getString(3), rows.getTimestamp(4).toInstant()));
                }
            }
            return versions;
        } catch (SQLException e) {
            throw new StoreException("cannot read the postmortems of team " + team + " of drill " + drillId + ": " + e.getMessage(), e);
        }
    }

    public synchronized Optional<DrillSummary> drill(String drillId) {
        return drills(drillId).stream().findFirst();
    }

    public synchronized List<DrillSummary> drills() {
        return drills(null);
    }

    private List<DrillSummary> drills(String onlyId) {
        String sql = "SELECT id, scenario, created_at FROM drills" + (onlyId == null ? "" : " WHERE id = ?")
                + " ORDER BY created_at, id";
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            if (onlyId != null) {
                select.setString(1, onlyId);
            }
            List<DrillSummary> drills = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    drills.add(new DrillSummary(rows.getString(1), rows.getString(2), rows.getTimestamp(3).toInstant()));
                }
            }
            return drills;
        } catch (SQLException e) {
            throw new StoreException("cannot list drills: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // nothing left to save: every event was committed when it was written
        }
    }

    /** The URL without a password, for messages. */
    static String redact(String url) {
        return url.replaceAll("(?i)(password=)[^&;]*", "$1***");
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage() == null ? e.getMessage() : root.getMessage();
    }
}
