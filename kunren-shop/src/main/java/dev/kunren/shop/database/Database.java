package dev.kunren.shop.database;

import dev.kunren.shop.console.ConsoleException;
import dev.kunren.shop.store.ShopStore;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * The shop's database: a primary ({@code db-1}) and an asynchronously replicated replica
 * ({@code db-2}) behind a writer endpoint the application connects to.
 *
 * <p>Replication ships each write after {@code baseLag} of drill time; a query on the replica
 * that conflicts with replay stops it, so the lag grows, and once released the replica catches up
 * at {@link #CATCH_UP_RATE}× drill speed. When the primary dies, the writes it acknowledged but
 * had not shipped are lost at failover: that is the recovery point a team measures.
 *
 * <p>Waits (for a lock, or on a slow node) are real milliseconds, like every latency customers
 * see; the process list's ages and the lag are drill time.
 */
public final class Database {

    public enum Role { PRIMARY, REPLICA, DETACHED }

    static final double CATCH_UP_RATE = 4;
    static final Duration SLOW_QUERY_PENALTY = Duration.ofMillis(250);
    public static final Duration AUTO_FAILOVER_AFTER = Duration.ofSeconds(30);

    private record Write(long lsn, Duration at, long orderId) {
    }

    private final class Node {
        final String name;
        Role role;
        boolean running = true;

        Node(String name, Role role) {
            this.name = name;
            this.role = role;
        }
    }

    private final ShopStore data;
    private final Duration baseLag;
    private final Map<String, Node> nodes = new LinkedHashMap<>();
    private final Map<Integer, DbProcess> processes = new ConcurrentHashMap<>();
    private final AtomicInteger nextPid = new AtomicInteger(1000);
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition ordersReleased = lock.newCondition();
    private final Deque<Write> unreplicated = new ArrayDeque<>();
    private long lsn;
    private String writer = "db-1";
    private Duration appliedUpTo = Duration.ZERO;
    private Duration lastTick = Duration.ZERO;
    private boolean autoFailover;
    private Duration writerDownSince;
    private volatile Consumer<Failover> failoverListener = f -> { };

    public Database(ShopStore data, Duration baseLag) {
        this.data = data;
        this.baseLag = baseLag;
        nodes.put("db-1", new Node("db-1", Role.PRIMARY));
        nodes.put("db-2", new Node("db-2", Role.REPLICA));
    }

    public void onFailover(Consumer<Failover> listener) {
        this.failoverListener = listener;
    }

    public ShopStore data() {
        return data;
    }

    // ---- the application's side ----

    /** Runs a read on the writer endpoint's node. */
    public <T> T read(String sql, Duration now, Query<T> work) throws DatabaseException {
        lock.lock();
        try {
            Node node = writerNode();
            if (!node.running) {
                throw new DatabaseException("could not connect to " + writer + ": connection refused");
            }
        } finally {
            lock.unlock();
        }
        return run(sql, now, work);
    }

    /**
     * Runs a write on the primary behind the writer endpoint. A write to {@code orders} waits, at
     * most {@code timeout}, for a query holding that table's lock.
     */
    public <T> T write(String sql, boolean ordersTable, Duration timeout, Duration now, Query<T> work)
            throws DatabaseException {
        long deadline = System.nanoTime() + timeout.toNanos();
        lock.lock();
        try {
            Node node = writerNode();
            if (!node.running) {
                throw new DatabaseException("could not connect to " + writer + ": connection refused");
            }
            if (node.role != Role.PRIMARY) {
                throw new DatabaseException("cannot execute " + sql.split(" ")[0] + " in a read-only transaction ("
                        + writer + " is a " + node.role.name().toLowerCase() + ")");
            }
            while (ordersTable && holding(DbProcess.Effect.LOCKS_ORDERS, node.name)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new DatabaseException("lock wait timeout on orders after " + timeout.toMillis() + " ms");
                }
                ordersReleased.awaitNanos(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DatabaseException("interrupted");
        } finally {
            lock.unlock();
        }
        return run(sql, now, work);
    }

    private <T> T run(String sql, Duration now, Query<T> work) throws DatabaseException {
        int pid = nextPid.incrementAndGet();
        processes.put(pid, new DbProcess(pid, writer, "shop_app", sql, now, DbProcess.Effect.NONE));
        try {
            if (holding(DbProcess.Effect.SLOWS_QUERIES, writer)) {
                Thread.sleep(SLOW_QUERY_PENALTY);
            }
            return work.run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DatabaseException("interrupted");
        } finally {
            processes.remove(pid);
        }
    }

    /** Records an acknowledged write for replication; {@code orderId} 0 for a write that is not an order. */
    public void acknowledged(Duration at, long orderId) {
        lock.lock();
        try {
            unreplicated.addLast(new Write(++lsn, at, orderId));
        } finally {
            lock.unlock();
        }
    }

    /** The work of one query, run once the database admits it. */
    @FunctionalInterface
    public interface Query<T> {
        T run() throws DatabaseException;
    }

    // ---- time ----

    /** Advances replication and automatic failover to drill time {@code now}. */
    public void tick(Duration now) {
        Failover automatic = null;
        lock.lock();
        try {
            Duration elapsed = now.minus(lastTick);
            lastTick = now;
            Optional<Node> replica = replicaNode();
            Node primary = primaryNode().orElse(null);
            if (replica.isPresent() && primary != null && primary.running
                    && !holding(DbProcess.Effect.BLOCKS_REPLICATION, replica.get().name)) {
                Duration caughtUp = now.minus(baseLag);
                Duration advanced = appliedUpTo.plus(Duration.ofNanos((long) (elapsed.toNanos() * CATCH_UP_RATE)));
                appliedUpTo = max(appliedUpTo, min(caughtUp, advanced));
                while (!unreplicated.isEmpty() && unreplicated.peekFirst().at().compareTo(appliedUpTo) <= 0) {
                    unreplicated.removeFirst();
                }
            }
            Node writerNode = writerNode();
            boolean writerDown = !writerNode.running || writerNode.role != Role.PRIMARY;
            if (!writerDown) {
                writerDownSince = null;
            } else if (writerDownSince == null) {
                writerDownSince = now;
            }
            if (autoFailover && writerDown && replica.isPresent() && replica.get().running
                    && now.minus(writerDownSince).compareTo(AUTO_FAILOVER_AFTER) >= 0) {
                automatic = promote(replica.get().name, now, true);
                writer = replica.get().name;
            }
        } finally {
            lock.unlock();
        }
        if (automatic != null) {
            failoverListener.accept(automatic);
        }
    }

    // ---- operations ----

    public List<NodeStatus> nodes() {
        lock.lock();
        try {
            return nodes.values().stream().map(n -> new NodeStatus(n.name, n.role, n.running, n.name.equals(writer))).toList();
        } finally {
            lock.unlock();
        }
    }

    public String writerEndpoint() {
        lock.lock();
        try {
            return writer;
        } finally {
            lock.unlock();
        }
    }

    /** How far the replica is behind the primary, or empty when there is no replica replaying. */
    public Optional<Duration> replicaLag(Duration now) {
        lock.lock();
        try {
            if (replicaNode().isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(max(Duration.ZERO, now.minus(appliedUpTo)));
        } finally {
            lock.unlock();
        }
    }

    public long unreplicatedWrites() {
        lock.lock();
        try {
            return unreplicated.size();
        } finally {
            lock.unlock();
        }
    }

    /** Running queries of a node (all nodes if empty), oldest first. */
    public List<DbProcess> processList(Optional<String> node) {
        node.ifPresent(this::node);
        return processes.values().stream().filter(p -> node.map(p.node()::equals).orElse(true))
                .sorted(Comparator.comparing(DbProcess::startedAt).thenComparing(DbProcess::pid)).toList();
    }

    /** Starts a long-running query with an effect (the faults' way in); returns its pid. */
    public int startQuery(String node, String user, String sql, DbProcess.Effect effect, Duration now) {
        node(node);
        int pid = nextPid.incrementAndGet();
        processes.put(pid, new DbProcess(pid, node, user, sql, now, effect));
        return pid;
    }

    /** Terminates a query, as pg_terminate_backend does; a finished query is not found. */
    public DbProcess kill(int pid) {
        DbProcess killed = processes.remove(pid);
        if (killed == null) {
            throw ConsoleException.notFound("no running query with pid " + pid);
        }
        signalLocks();
        return killed;
    }

    /** Ends a query if it still runs; for reverting a fault. */
    public void endQuery(int pid) {
        if (processes.remove(pid) != null) {
            signalLocks();
        }
    }

    public boolean isRunning(int pid) {
        return processes.containsKey(pid);
    }

    private void signalLocks() {
        lock.lock();
        try {
            ordersReleased.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Stops a node's process (a crash); stopping a stopped node changes nothing. */
    public boolean stop(String name) {
        lock.lock();
        try {
            Node node = node(name);
            if (!node.running) {
                return false;
            }
            node.running = false;
            processes.values().removeIf(p -> p.node().equals(name));
            ordersReleased.signalAll();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Starts a stopped node. If another node has become primary meanwhile, it rejoins as that
     * primary's replica, rebuilt from it; otherwise it resumes its role.
     */
    public boolean start(String name, Duration now) {
        lock.lock();
        try {
            Node node = node(name);
            if (node.running) {
                return false;
            }
            node.running = true;
            if (node.role == Role.DETACHED) {
                node.role = Role.REPLICA;
                appliedUpTo = now;
                unreplicated.clear();
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Promotes the replica to primary (it stops replaying); the old primary is detached. */
    public Failover promote(String name, Duration now) {
        Failover failover;
        lock.lock();
        try {
            Node node = node(name);
            if (node.role == Role.PRIMARY) {
                throw ConsoleException.conflict(name + " is already the primary");
            }
            if (node.role != Role.REPLICA || !node.running) {
                throw ConsoleException.conflict(name + " is not a running replica and cannot be promoted");
            }
            failover = promote(name, now, false);
        } finally {
            lock.unlock();
        }
        failoverListener.accept(failover);
        return failover;
    }

    private Failover promote(String name, Duration now, boolean automatic) {
        Node promoted = node(name);
        Node old = primaryNode().orElse(null);
        long lostWrites = unreplicated.size();
        List<Long> lostOrders = new ArrayList<>();
        Duration rpo = Duration.ZERO;
        if (!unreplicated.isEmpty()) {
            rpo = unreplicated.peekLast().at().minus(appliedUpTo);
            unreplicated.forEach(w -> {
                if (w.orderId() > 0) {
                    lostOrders.add(w.orderId());
                }
            });
        }
        data.forgetOrders(lostOrders);
        unreplicated.clear();
        promoted.role = Role.PRIMARY;
        if (old != null) {
            old.role = Role.DETACHED;
            old.running = false;
            processes.values().removeIf(p -> p.node().equals(old.name));
            ordersReleased.signalAll();
        }
        return new Failover(old == null ? "" : old.name, name, now, lostWrites, lostOrders.size(),
                max(Duration.ZERO, rpo), automatic);
    }

    /** Points the application's writer endpoint at a node; pointing it where it points changes nothing. */
    public boolean setWriter(String name) {
        lock.lock();
        try {
            node(name);
            if (writer.equals(name)) {
                return false;
            }
            writer = name;
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Promotes the replica and repoints the writer endpoint in one step, as a managed failover does. */
    public Failover failover(Duration now) {
        String replica;
        lock.lock();
        try {
            replica = replicaNode().filter(n -> n.running).map(n -> n.name)
                    .orElseThrow(() -> ConsoleException.conflict("there is no running replica to fail over to"));
        } finally {
            lock.unlock();
        }
        Failover failover = promote(replica, now);
        setWriter(replica);
        return failover;
    }

    public boolean autoFailover() {
        lock.lock();
        try {
            return autoFailover;
        } finally {
            lock.unlock();
        }
    }

    public void setAutoFailover(boolean enabled) {
        lock.lock();
        try {
            autoFailover = enabled;
        } finally {
            lock.unlock();
        }
    }

    /** The node behind the writer endpoint can take writes. */
    public boolean writable() {
        lock.lock();
        try {
            Node node = writerNode();
            return node.running && node.role == Role.PRIMARY;
        } finally {
            lock.unlock();
        }
    }

    public String primaryName() {
        lock.lock();
        try {
            return primaryNode().map(n -> n.name).orElse("");
        } finally {
            lock.unlock();
        }
    }

    private boolean holding(DbProcess.Effect effect, String node) {
        for (DbProcess process : processes.values()) {
            if (process.effect() == effect && process.node().equals(node)) {
                return true;
            }
        }
        return false;
    }

    private Node node(String name) {
        Node node = nodes.get(name);
        if (node == null) {
            throw ConsoleException.notFound("no database node " + name + "; nodes are " + nodes.keySet());
        }
        return node;
    }

    private Node writerNode() {
        return nodes.get(writer);
    }

    private Optional<Node> primaryNode() {
        return nodes.values().stream().filter(n -> n.role == Role.PRIMARY).findFirst();
    }

    private Optional<Node> replicaNode() {
        return nodes.values().stream().filter(n -> n.role == Role.REPLICA).findFirst();
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
