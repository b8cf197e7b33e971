package dev.kunren.server.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import dev.kunren.engine.timeline.EventJson;
import dev.kunren.engine.timeline.EventRecord;
import dev.kunren.engine.timeline.EventSink;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/**
 * Drills and their timelines in a relational database: the embedded H2 file by default,
 * PostgreSQL in production. The schema comes from Flyway migrations; the same statements run on
 * both.
 *
 * <p>Connections come from a pool (HikariCP) that replaces a broken one, so a restarted database
 * or a killed session costs a retry, not the server. Timeline events go through an
 * {@link EventWriter}: queued in order and written on its own thread, kept while the database is
 * unavailable and written when it is back. Reading a drill's events first waits for its queued
 * ones to be written.
 */
public final class JdbcEventStore implements AutoCloseable {

    /** The version of the newest file in src/main/resources/db/migration; a test keeps them in step. */
    static final String LATEST_MIGRATION = "7";
    /** H2's code for a file database another process holds open. */
    private static final int H2_DATABASE_IN_USE = 90020;

    /** How long a caller waits for a pooled connection before the store counts as unavailable. */
    private static final long CONNECTION_TIMEOUT_MILLIS = 3_000;
    /** How long reading a drill waits for its queued events to be written. */
    private static final Duration FLUSH_BEFORE_READ = Duration.ofSeconds(10);

    private final HikariDataSource pool;
    private final String url;
    /** What `kunren recover` needs to reach this database again, after the file's name. */
    private final String recoverOptions;
    private final EventWriter writer;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final DrillLeases leases;
    private final ServerNodes nodes;
    /** On PostgreSQL every committed batch is announced on this channel, with its drill's id: how other servers learn of new events. */
    static final String EVENTS_CHANNEL = "kunren_events";
    private final boolean announcesEvents;
    private volatile EventNotices notices;

    private JdbcEventStore(HikariDataSource pool, String url, String recoverOptions, String nodeId) {
        this.pool = pool;
        this.url = url;
        this.announcesEvents = url.startsWith("jdbc:postgresql:");
        this.leases = new DrillLeases(url, pool.getUsername(), pool.getPassword(), nodeId);
        this.nodes = new ServerNodes(pool, leases);
        this.recoverOptions = recoverOptions;
        Optional<EmbeddedDisk> disk = EmbeddedDisk.of(url);
        this.writer = new EventWriter(this::insert, java.time.Clock.systemUTC(),
                problem -> problem + disk.flatMap(EmbeddedDisk::fullNote).orElse(""));
    }

    /**
     * Connects, brings the schema up to date, and returns the store. The pool keeps a connection
     * open, so an in-memory database outlives the migration.
     */
    public static JdbcEventStore open(String url, String user, String password) {
        String recoverOptions = " --db '" + redact(url) + "'" + (user == null || user.isBlank() ? "" : " --db-user " + user)
                + (password == null || password.isEmpty() ? "" : " --db-password");
        return open(url, user, password, recoverOptions);
    }

    private static JdbcEventStore open(String url, String user, String password, String recoverOptions) {
        url = durable(url);
        Optional<EmbeddedDisk> disk = EmbeddedDisk.of(url);
        boolean created = disk.isPresent() && !disk.get().exists();
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername(user);
        config.setPassword(password);
        config.setPoolName("kunren-store");
        config.setMaximumPoolSize(8);
        config.setMinimumIdle(1);
        config.setConnectionTimeout(CONNECTION_TIMEOUT_MILLIS);
        config.setKeepaliveTime(60_000);
        String nodeId = newNodeId();
        if (url.startsWith("jdbc:postgresql:")) {  // every connection says which server it is: one alive has some
            config.addDataSourceProperty("ApplicationName", DrillLeases.APPLICATION_PREFIX + nodeId);
        }
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(config);
        } catch (HikariPool.PoolInitializationException | IllegalArgumentException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            if (cause instanceof SQLException sql && sql.getErrorCode() == H2_DATABASE_IN_USE) {
                throw new StoreException("the embedded database " + redact(url) + " is in use by another kunren process; "
                        + "wait for that drill to end, or give this one its own: --db jdbc:h2:file:./runs/another", e);
            }
            throw new StoreException("cannot connect to the database at " + redact(url) + ": " + cause.getMessage(), e);
        }
        try (Connection connection = pool.getConnection()) {
            if (!schemaIsCurrent(connection)) {
                Flyway.configure().dataSource(pool).locations("classpath:db/migration").loggers("slf4j").load().migrate();
            }
        } catch (FlywayException e) {
            pool.close();
            String full = disk.flatMap(EmbeddedDisk::fullNote).orElse("");
            String removed = created && disk.get().removeHalfMade() ? " (the half-made database was removed: the next start begins afresh)" : "";
            throw new StoreException("cannot prepare the database at " + redact(url) + ": " + rootMessage(e) + full + removed, e);
        } catch (SQLException e) {
            pool.close();
            throw new StoreException("cannot connect to the database at " + redact(url) + ": " + e.getMessage(), e);
        }
        return new JdbcEventStore(pool, url, recoverOptions, nodeId);
    }

    /**
     * Refuses an embedded database on a disk about to fill, before a drill is started on it; a
     * debrief can still be read from one.
     *
     * @throws StoreException saying how much is free and what to do
     */
    public static void requireRoomForDrills(String url) {
        Optional<String> tooFull = EmbeddedDisk.of(url).flatMap(EmbeddedDisk::tooFull);
        if (tooFull.isPresent()) {
            throw new StoreException(tooFull.get(), null);
        }
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

    /**
     * H2 in a file writes a commit to disk up to half a second later by default, so a crash could
     * lose what it had confirmed: Kunren asks it to write at each commit (events come in batches).
     */
    static String durable(String url) {
        boolean file = url.startsWith("jdbc:h2:file:") || (url.startsWith("jdbc:h2:") && !url.startsWith("jdbc:h2:mem:")
                && !url.startsWith("jdbc:h2:tcp:") && !url.startsWith("jdbc:h2:ssl:"));
        return file && !url.toUpperCase(java.util.Locale.ROOT).contains("WRITE_DELAY") ? url + ";WRITE_DELAY=0" : url;
    }

    /** An embedded H2 database in a file, created on first use: the commands' default, which `kunren recover` needs no option for. */
    public static JdbcEventStore openEmbedded(java.nio.file.Path file) {
        return open("jdbc:h2:file:" + file.toAbsolutePath() + ";DB_CLOSE_ON_EXIT=FALSE", "sa", "", "");
    }

    public void createDrill(String drillId, String scenario, Instant createdAt) {
        try (Connection connection = pool.getConnection();
             PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO drills (id, scenario, created_at) VALUES (?, ?, ?)")) {
            insert.setString(1, drillId);
            insert.setString(2, scenario);
            insert.setTimestamp(3, Timestamp.from(createdAt));
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("cannot record drill " + drillId + ": " + e.getMessage(), e);
        }
    }

    /**
     * Where a drill's timeline writes: each event is queued in order and committed on the
     * writer's thread within milliseconds, or, while the database is unavailable, when it is back.
     */
    public EventSink sink() {
        return writer::write;
    }

    /** Queues one event for writing (as {@link #sink()} does). */
    public void append(EventRecord record) {
        writer.write(record);
    }

    /** Whether the database takes events now, and how many wait if not. */
    public StoreHealth health() {
        return writer.health();
    }

    /** Called once if so many events wait for an unavailable database that their drills must stop. */
    public void onOverflow(java.util.function.Consumer<StoreHealth> listener) {
        writer.onOverflow(listener);
    }

    /** Waits, at most {@code bound}, until every queued event is written; false if the database is still unavailable. */
    public boolean flush(Duration bound) {
        try {
            return writer.flush(bound);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static final String INSERT_EVENT =
            "INSERT INTO timeline_events (drill_id, seq, at_nanos, recorded_at, type, payload, team) VALUES (?, ?, ?, ?, ?, ?, ?)";
    /** The SQL state both databases give a duplicate key. */
    private static final String UNIQUE_VIOLATION = "23505";

    /**
     * Writes a batch in one transaction. After an ambiguous failure (a commit whose answer was
     * lost) the same events come again: a batch that meets events already there is written one by
     * one, skipping those.
     */
    private void insert(List<EventRecord> batch) throws SQLException {
        try (Connection connection = pool.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement insert = connection.prepareStatement(INSERT_EVENT)) {
                for (EventRecord record : batch) {
                    bind(insert, record);
                    insert.addBatch();
                }
                insert.executeBatch();
                announce(connection, batch);  // delivered with the commit, never before it
                connection.commit();
            } catch (SQLException e) {
                connection.rollback();
                if (!UNIQUE_VIOLATION.equals(sqlState(e))) {
                    throw e;
                }
                insertSkippingWritten(connection, batch);
                announce(connection, batch);
            } finally {
                connection.setAutoCommit(true);
            }
        }
    }

    /** This process's name among the servers on one database: 16 random hex digits, new at every start. */
    private static String newNodeId() {
        byte[] id = new byte[8];
        new java.security.SecureRandom().nextBytes(id);
        return java.util.HexFormat.of().formatHex(id);
    }

    /** Tells the other servers listening on {@link #EVENTS_CHANNEL} which drills have new events. */
    private void announce(Connection connection, List<EventRecord> batch) throws SQLException {
        if (!announcesEvents) {
            return;
        }
        try (PreparedStatement notify = connection.prepareStatement("SELECT pg_notify('" + EVENTS_CHANNEL + "', ?)")) {
            for (String drillId : batch.stream().map(EventRecord::drillId).distinct().toList()) {
                notify.setString(1, drillId);
                notify.execute();
            }
        }
    }

    /**
     * Calls {@code listener} with a drill's id whenever another server (or this one) committed
     * events of it, and with null when some may have been missed (the listening connection was
     * replaced): read every followed drill again. PostgreSQL only; on H2 one process writes all.
     */
    public synchronized void onCommittedEvents(java.util.function.Consumer<String> listener) {
        if (!announcesEvents) {
            return;
        }
        if (notices == null) {
            notices = new EventNotices(url, pool.getUsername(), pool.getPassword(), DrillLeases.APPLICATION_PREFIX + leases.nodeId(),
                    EVENTS_CHANNEL);
        }
        notices.add(listener);
    }

    private static void insertSkippingWritten(Connection connection, List<EventRecord> batch) throws SQLException {
        connection.setAutoCommit(true);
        try (PreparedStatement insert = connection.prepareStatement(INSERT_EVENT)) {
            for (EventRecord record : batch) {
                bind(insert, record);
                try {
                    insert.executeUpdate();
                } catch (SQLException e) {
                    if (!UNIQUE_VIOLATION.equals(sqlState(e))) {
                        throw e;
                    }
                }
            }
        }
    }

    private static void bind(PreparedStatement insert, EventRecord record) throws SQLException {
        insert.setString(1, record.drillId());
        insert.setLong(2, record.seq());
        insert.setLong(3, record.at().toNanos());
        insert.setTimestamp(4, Timestamp.from(record.recordedAt()));
        insert.setString(5, EventJson.typeName(record.event()));
        insert.setString(6, EventJson.write(record.event()));
        insert.setString(7, record.team());
    }

    /** The SQL state of the first exception in a chain that has one (a batch wraps the cause). */
    private static String sqlState(SQLException e) {
        for (SQLException next = e; next != null; next = next.getNextException()) {
            if (next.getSQLState() != null) {
                return next.getSQLState();
            }
        }
        return null;
    }

    /** A server setting, if set. */
    public Optional<String> setting(String name) {
        try (Connection connection = pool.getConnection();
             PreparedStatement select = connection.prepareStatement("SELECT setting_value FROM settings WHERE setting_name = ?")) {
            select.setString(1, name);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? Optional.of(rows.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new StoreException("cannot read setting " + name + ": " + e.getMessage(), e);
        }
    }

    /** The setting's value, set to {@code initial} first if it has none: of servers starting together, the first to write decides. */
    public String settingOrPut(String name, java.util.function.Supplier<String> initial) {
        Optional<String> set = setting(name);
        if (set.isPresent()) {
            return set.get();
        }
        try (Connection connection = pool.getConnection();
             PreparedStatement insert = connection.prepareStatement("INSERT INTO settings (setting_name, setting_value) VALUES (?, ?)")) {
            insert.setString(1, name);
            insert.setString(2, initial.get());
            insert.executeUpdate();
        } catch (SQLException e) {
            if (!UNIQUE_VIOLATION.equals(sqlState(e))) {
                throw new StoreException("cannot store setting " + name + ": " + e.getMessage(), e);
            }
        }
        return setting(name).orElseThrow();
    }

    public void putSetting(String name, String value) {
        try (Connection connection = pool.getConnection();
             PreparedStatement delete = connection.prepareStatement("DELETE FROM settings WHERE setting_name = ?");
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

    /** A drill's events in timeline order, once those queued are written. */
    public List<EventRecord> events(String drillId) {
        return events(drillId, 0);
    }

    /** A drill's events after the {@code after}th, in timeline order, once those queued are written. */
    public List<EventRecord> events(String drillId, long after) {
        if (!flush(FLUSH_BEFORE_READ)) {
            StoreHealth health = health();
            throw new StoreException("the database is unavailable (" + health.problem() + "); " + health.waiting()
                    + " events wait to be written", null);
        }
        try (Connection connection = pool.getConnection();
             PreparedStatement select = connection.prepareStatement(
                "SELECT seq, at_nanos, recorded_at, payload, team FROM timeline_events WHERE drill_id = ? AND seq > ? ORDER BY seq")) {
            select.setString(1, drillId);
            select.setLong(2, after);
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
        try (Connection connection = pool.getConnection();
             PreparedStatement insert = connection.prepareStatement(
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

    public Optional<SavedPostmortem> latestPostmortem(String drillId, String team) {
        try (Connection connection = pool.getConnection();
             PreparedStatement select = connection.prepareStatement("SELECT version, document, saved_by, saved_at FROM postmortems"
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
    public List<SavedPostmortem> postmortemVersions(String drillId, String team) {
        try (Connection connection = pool.getConnection();
             PreparedStatement select = connection.prepareStatement("SELECT version, document, saved_by, saved_at FROM postmortems"
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

    /** Which process runs each drill of this database. */
    public DrillLeases leases() {
        return leases;
    }

    /** The other servers on this database: where they are, and how they vouch for what they hand on. */
    public ServerNodes nodes() {
        return nodes;
    }

    /** The web app's drills, teams and sessions, in the same database. */
    public RoomStore room() {
        return new RoomStore(pool);
    }

    public Optional<DrillSummary> drill(String drillId) {
        return drills(drillId).stream().findFirst();
    }

    public List<DrillSummary> drills() {
        return drills(null);
    }

    private List<DrillSummary> drills(String onlyId) {
        String sql = "SELECT id, scenario, created_at FROM drills" + (onlyId == null ? "" : " WHERE id = ?")
                + " ORDER BY created_at, id";
        try (Connection connection = pool.getConnection();
             PreparedStatement select = connection.prepareStatement(sql)) {
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

    /**
     * Writes what waits, then closes. Events the database still would not take are saved beside
     * it as JSON lines ({@code runs/unwritten/}), and the path is returned, so nothing is lost.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;  // closed already: what it could not write is saved once
        }
        writer.close();
        if (notices != null) {
            notices.close();
        }
        List<EventRecord> unwritten = writer.unwritten();
        leases.close();
        pool.close();
        if (!unwritten.isEmpty()) {
            UnwrittenEvents.save(unwritten, url, recoverOptions);
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
