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
    private final Set<String> held = new LinkedHashSet<>();
    /** Drills whose lease another process took while this one's connection was broken, not yet told. */
    private final List<String> lost = new ArrayList<>();
    private Connection holder;

    DrillLeases(String url, String user, String password) {
        this.url = url;
        this.user = user;
        this.password = password;
        this.shared = url.startsWith("jdbc:postgresql:");
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
        try (PreparedStatement unlock = holder.prepareStatement("SELECT pg_advisory_unlock(?)")) {
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
        if (!shared || (held.isEmpty() && lost.isEmpty())) {
            return List.of();
        }
        try {
            holder();
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
        holder = DriverManager.getConnection(url, user, password);
        holder.setAutoCommit(true);
        for (String drillId : List.copyOf(held)) {
            if (!lock(holder, drillId)) {
                held.remove(drillId);
                lost.add(drillId);
            }
        }
        return holder;
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
