package dev.kunren.server.store;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;

/**
 * The Kunren servers sharing one PostgreSQL, as each tells the others: the address they reach it
 * at, and a secret with which it vouches for the requests it hands on (a server answers such a
 * request as for the browser that sent it). Which of them are up is their lease connections'
 * business ({@link DrillLeases#otherNodes()}); a row outlives its server and is forgotten once
 * no live server has its id.
 */
public final class ServerNodes {

    /** The header a server vouches with: {@code NODE_ID:SECRET}. */
    public static final String VOUCHER_HEADER = "Kunren-Node";

    private final DataSource pool;
    private final DrillLeases leases;
    private final String secret = HexFormat.of().formatHex(random(32));
    /** Other nodes as read: a node never changes its address or secret. */
    private final Map<String, Node> known = new ConcurrentHashMap<>();

    private record Node(String url, String secret) {
    }

    ServerNodes(DataSource pool, DrillLeases leases) {
        this.pool = pool;
        this.leases = leases;
    }

    private static byte[] random(int bytes) {
        byte[] value = new byte[bytes];
        new SecureRandom().nextBytes(value);
        return value;
    }

    /**
     * Tells the other servers where this one is reached ({@code url}, e.g. {@code http://10.0.0.5:8080})
     * and forgets the rows of servers that are gone.
     *
     * @throws StoreException when the database cannot be written
     */
    public void announce(String url, Instant now) {
        leases.announce();
        java.util.Set<String> up = new java.util.HashSet<>(leases.otherNodes());
        up.add(leases.nodeId());
        try (Connection connection = pool.getConnection();
             PreparedStatement rows = connection.prepareStatement("SELECT id FROM kunren_nodes");
             PreparedStatement forget = connection.prepareStatement("DELETE FROM kunren_nodes WHERE id = ?");
             PreparedStatement insert = connection.prepareStatement(
                     "INSERT INTO kunren_nodes (id, url, secret, started_at) VALUES (?, ?, ?, ?)")) {
            try (ResultSet kept = rows.executeQuery()) {
                while (kept.next()) {
                    if (!up.contains(kept.getString(1))) {
                        forget.setString(1, kept.getString(1));
                        forget.addBatch();
                    }
                }
            }
            forget.executeBatch();
            insert.setString(1, leases.nodeId());
            insert.setString(2, url);
            insert.setString(3, secret);
            insert.setTimestamp(4, Timestamp.from(now));
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("cannot tell the other Kunren servers where this one is: " + e.getMessage(), e);
        }
    }

    /** The header value with which this server vouches for a request it hands on. */
    public String voucher() {
        return leases.nodeId() + ":" + secret;
    }

    /** Whether {@code voucher} is a live server's of this database (this one's included). */
    public boolean vouches(String voucher) {
        int colon = voucher == null ? -1 : voucher.indexOf(':');
        if (colon <= 0) {
            return false;
        }
        String node = voucher.substring(0, colon);
        Optional<String> expected = node.equals(leases.nodeId()) ? Optional.of(secret) : node(node).map(Node::secret);
        return expected.isPresent() && MessageDigest.isEqual(expected.get().getBytes(), voucher.substring(colon + 1).getBytes());
    }

    /** Where the node is reached, as it announced. */
    public Optional<String> url(String nodeId) {
        return node(nodeId).map(Node::url);
    }

    private Optional<Node> node(String nodeId) {
        Node node = known.get(nodeId);
        if (node != null) {
            return Optional.of(node);
        }
        try (Connection connection = pool.getConnection();
             PreparedStatement select = connection.prepareStatement("SELECT url, secret FROM kunren_nodes WHERE id = ?")) {
            select.setString(1, nodeId);
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                node = new Node(row.getString(1), row.getString(2));
                known.put(nodeId, node);
                return Optional.of(node);
            }
        } catch (SQLException e) {
            throw new StoreException("cannot read where Kunren server " + nodeId + " is: " + e.getMessage(), e);
        }
    }
}
