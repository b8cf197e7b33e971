package dev.kunren.server.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Which Kunren process runs each drill, so that no two run the same one: on PostgreSQL a drill's
 * lease is a session-level advisory lock held on one connection of the process's own, which the
 * database lets go the moment that process dies (its connection closes) — then another process
 * may take the drill over. An embedded H2 database is one process's alone (H2 locks its file), so
 * there every lease is granted.
 */
public final class DrillLeases implements AutoCloseable {

    private final String url;
    private final String user;
    private final String password;
    private final boolean shared;
    private final String nodeId;
    private final Set<String> held = new LinkedHashSet<>();
    /** Drills whose lease another process took while this one's connection was broken, not yet told. */
    private final List<String> lost = new ArrayList<>();
    private Connection holder;

    DrillLeases(String url, String user, String password, String nodeId) {
        this.url = url;
        this.user = user;
        this.password = password;
        this.nodeId = nodeId;
        this.shared = url.startsWith("jdbc:postgresql:");
    }

    /** Since when (System.nanoTime) each node that last held a drill, now free, has been seen without a connection. */
    private final java.util.Map<String, Long> goneSince = new java.util.HashMap<>();

    /**
     * Takes over a drill no live process holds, once the node that last held it is gone: none of
     * its connections has been seen for {@code goneFor} (a database restart drops every lock, but
     * the servers that held them come back within seconds and take them again; only a dead one
     * does not). A drill nobody held, or one let go when it ended, is taken at once.
     *
     * @throws StoreException when the database cannot be asked
     */
    public synchronized boolean tryTakeOver(String drillId, java.time.Duration goneFor) {
        if (!shared || held.contains(drillId)) {
            return true;
        }
        try {
            String last = lastHolder(drillId);
            if (last != null && !last.equals(nodeId)) {
                if (connected(last)) {
                    goneSince.remove(last);
                    return false;
                }
                long since = goneSince.computeIfAbsent(last, node -> System.nanoTime());
                if (System.nanoTime() - since < goneFor.toNanos()) {
                    return false;
                }
            }
        } catch (SQLException e) {
            throw new StoreException("cannot ask who held drill " + drillId + ": " + e.getMessage(), e);
        }
        return tryAcquire(drillId);
    }

    private String lastHolder(String drillId) throws SQLException {
        try (PreparedStatement select = holder().prepareStatement("SELECT node_id FROM drill_leases WHERE drill_id = ?")) {
            select.setString(1, drillId);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? row.getString(1) : null;
            }
        }
    }

    /** Whether the node has any connection to the database (its pool's or its lease connection). */
    private boolean connected(String node) throws SQLException {
        try (PreparedStatement select = holder().prepareStatement("SELECT 1 FROM pg_stat_activity WHERE application_name = ?")) {
            select.setString(1, APPLICATION_PREFIX + node);
            try (ResultSet row = select.executeQuery()) {
                return row.next();
            }
        }
    }

    /** How the lease connection names itself in {@code pg_stat_activity}: how other servers tell which node holds a drill. */
    static final String APPLICATION_PREFIX = "kunren-node ";

    /** This process, as other servers on the database know it. */
    public String nodeId() {
        return nodeId;
    }

    /**
     * The node (another live process) that holds the drill's lease, if one does: the server to
     * hand the drill's requests to.
     *
     * @throws StoreException when the database cannot be asked
     */
    public synchronized java.util.Optional<String> holder(String drillId) {
        if (!shared || held.contains(drillId)) {
            return java.util.Optional.empty();
        }
        long key = key(drillId);
        try (PreparedStatement who = holder().prepareStatement("SELECT a.application_name FROM pg_locks l "
                + "JOIN pg_stat_activity a ON a.pid = l.pid WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1 "
                + "AND l.classid::bigint = ? AND l.objid::bigint = ? "
                + "AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())")) {
            who.setLong(1, key >>> 32);
            who.setLong(2, key & 0xffffffffL);
            try (ResultSet row = who.executeQuery()) {
                while (row.next()) {
                    String name = row.getString(1);
                    if (name != null && name.startsWith(APPLICATION_PREFIX) && !name.equals(APPLICATION_PREFIX + nodeId)) {
                        return java.util.Optional.of(name.substring(APPLICATION_PREFIX.length()));
                    }
                }
            }
            return java.util.Optional.empty();
        } catch (SQLException e) {
            throw new StoreException("cannot ask which server runs drill " + drillId + ": " + e.getMessage(), e);
        }
    }

    /**
     * The other live nodes on the database: those with a connection open (every connection of a
     * server, and of a {@code kunren run}, carries its node's name).
     *
     * @throws StoreException when the database cannot be asked
     */
    public synchronized List<String> otherNodes() {
        if (!shared) {
            return List.of();
        }
        try (PreparedStatement who = holder().prepareStatement("SELECT DISTINCT application_name FROM pg_stat_activity "
                + "WHERE application_name LIKE 'kunren-node %' AND datname = current_database()")) {
            List<String> nodes = new ArrayList<>();
            try (ResultSet rows = who.executeQuery()) {
                while (rows.next()) {
                    String node = rows.getString(1).substring(APPLICATION_PREFIX.length());
                    if (!node.equals(nodeId)) {
                        nodes.add(node);
                    }
                }
            }
            return nodes;
        } catch (SQLException e) {
            throw new StoreException("cannot ask which Kunren servers are up: " + e.getMessage(), e);
        }
    }

    /**
     * Opens the lease connection now, so that other servers see this one up before it holds any
     * drill (a server that only stands by is still a node they list).
     */
    public synchronized void announce() {
        if (!shared) {
            return;
        }
        try {
            holder();
        } catch (SQLException e) {
            throw new StoreException("cannot connect to the database: " + e.getMessage(), e);
        }
    }

    /** Whether other processes can run drills on this database (PostgreSQL): leases mean something only then. */
    public boolean shared() {
        return shared;
    }

    /** Whether this process holds the drill's lease (on a shared database). */
    public synchronized boolean holds(String drillId) {
        return shared && held.contains(drillId);
    }

    /**
     * Takes the drill's lease unless another live process holds it; true when this process holds
     * it now (taking it twice is fine).
     *
     * @throws StoreException when the database cannot be asked
     */
    public synchronized boolean tryAcquire(String drillId) {
        if (!shared || held.contains(drillId)) {
            return true;
        }
        try {
            if (lock(holder(), drillId)) {
                held.add(drillId);
                remember(drillId, nodeId);
                return true;
            }
            return false;
        } catch (SQLException e) {
            throw new StoreException("cannot take the lease of drill " + drillId + ": " + e.getMessage(), e);
        }
    }

    /** Lets the drill go (it ended): another process may take it, which matters only if it is taken back. */
    public synchronized void release(String drillId) {
        if (!shared || !held.remove(drillId) || holder == null) {
            return;
        }
        try (PreparedStatement unlock = holder.prepareStatement("SELECT pg_advisory_unlock(?)");
             PreparedStatement forget = holder.prepareStatement("DELETE FROM drill_leases WHERE drill_id = ? AND node_id = ?")) {
            forget.setString(1, drillId);  // let go on purpose: the next server need not wait for this one to be gone
            forget.setString(2, nodeId);
            forget.executeUpdate();
            unlock.setLong(1, key(drillId));
            unlock.execute();
        } catch (SQLException e) {
            // the connection is gone, and the lock with it
        }
    }

    /**
     * Checks that this process still holds its leases (taking them again on a new connection if
     * the old one broke: a database restart, a killed session) and returns the drills whose lease
     * another process took meanwhile: this process must stop running them.
     */
    public synchronized List<String> renew() {
        if (!shared) {
            return List.of();
        }
        try {
            holder();  // also when it holds nothing: other servers know this one is up by its connection
        } catch (SQLException e) {
            // the database is still away: nobody else can take the leases either
        }
        List<String> gone = List.copyOf(lost);
        lost.clear();
        return gone;
    }

    /**
     * The connection that holds the leases; a broken one is replaced, and the leases it held taken
     * again on the new one — those another process took meanwhile are lost, for {@link #renew()} to say.
     */
    private Connection holder() throws SQLException {
        if (holder != null && holder.isValid(2)) {
            return holder;
        }
        closeHolder();
        java.util.Properties properties = new java.util.Properties();
        if (user != null) {
            properties.setProperty("user", user);
        }
        if (password != null) {
            properties.setProperty("password", password);
        }
        properties.setProperty("ApplicationName", APPLICATION_PREFIX + nodeId);
        holder = DriverManager.getConnection(url, properties);
        holder.setAutoCommit(true);
        for (String drillId : List.copyOf(held)) {
            if (!lock(holder, drillId)) {
                held.remove(drillId);
                lost.add(drillId);
            }
        }
        return holder;
    }

    /** Notes which node took the drill's lease last (the lock itself says nothing once it is dropped). */
    private void remember(String drillId, String node) throws SQLException {
        try (PreparedStatement upsert = holder().prepareStatement("INSERT INTO drill_leases (drill_id, node_id) VALUES (?, ?) "
                + "ON CONFLICT (drill_id) DO UPDATE SET node_id = EXCLUDED.node_id")) {
            upsert.setString(1, drillId);
            upsert.setString(2, node);
            upsert.executeUpdate();
        }
    }

    private static boolean lock(Connection connection, String drillId) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
            lock.setLong(1, key(drillId));
            try (ResultSet row = lock.executeQuery()) {
                return row.next() && row.getBoolean(1);
            }
        }
    }

    /** The lock's key: 64 bits of the drill id's SHA-256, so two drills practically never share one. */
    static long key(String drillId) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(("kunren-drill:" + drillId).getBytes(StandardCharsets.UTF_8));
            long key = 0;
            for (int i = 0; i < 8; i++) {
                key = key << 8 | (digest[i] & 0xff);
            }
            return key;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private void closeHolder() {
        if (holder != null) {
            try {
                holder.close();
            } catch (SQLException e) {
                // broken already
            }
            holder = null;
        }
    }

    /** Lets every lease go: the process is stopping. */
    @Override
    public synchronized void close() {
        held.clear();
        closeHolder();
    }
}
