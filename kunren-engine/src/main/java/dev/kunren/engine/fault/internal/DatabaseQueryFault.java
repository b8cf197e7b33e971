package dev.kunren.engine.fault.internal;

import dev.kunren.shop.Shop;
import dev.kunren.shop.database.DbProcess;
import dev.kunren.shop.database.NodeStatus;
import dev.kunren.shop.database.Database;

/**
 * A long-running query with an effect on everyone else: a lock on orders, a saturating scan, or a
 * replica read that stops replication. It shows in the process list with its age; fixed once the
 * team kills it.
 */
public final class DatabaseQueryFault extends OnceRevertible {

    private final Shop shop;
    private final DbProcess.Effect effect;
    private int pid;

    public DatabaseQueryFault(Shop shop, DbProcess.Effect effect) {
        this.shop = shop;
        this.effect = effect;
    }

    @Override
    protected void apply() {
        Database database = shop.database();
        String node = effect == DbProcess.Effect.BLOCKS_REPLICATION
                ? database.nodes().stream().filter(n -> n.role() == Database.Role.REPLICA && n.running())
                .map(NodeStatus::name).findFirst()
                .orElseThrow(() -> new IllegalStateException("there is no running replica"))
                : database.primaryName();
        String[] query = switch (effect) {
            case LOCKS_ORDERS -> new String[] {"batch", "UPDATE orders SET status = 'archived' WHERE created_at < now() - interval '90 days'"};
            case SLOWS_QUERIES -> new String[] {"analytics", "SELECT customer, sum(total) FROM orders WHERE lower(customer) LIKE '%@example.com' GROUP BY 1"};
            case BLOCKS_REPLICATION -> new String[] {"analytics", "SELECT * FROM orders o JOIN cart_items c ON c.customer = o.customer ORDER BY o.created_at"};
            case NONE -> throw new IllegalArgumentException("a fault query must have an effect");
        };
        pid = database.startQuery(node, query[0], query[1], effect, shop.now());
    }

    @Override
    protected void undo() {
        shop.database().endQuery(pid);
    }

    @Override
    public boolean fixed() {
        return !shop.database().isRunning(pid);
    }
}
