package dev.kunren.engine.fault.internal;

import dev.kunren.shop.Shop;

/**
 * The database primary crashes. Fixed once writes work again (failover, by hand or automatic);
 * the revert starts the crashed node, which rejoins as a replica if another node took over.
 */
public final class DatabasePrimaryDownFault extends OnceRevertible {

    private final Shop shop;
    private final String node;

    public DatabasePrimaryDownFault(Shop shop) {
        this.shop = shop;
        this.node = shop.database().primaryName();
        if (node.isEmpty()) {
            throw new IllegalStateException("the database has no primary to take down");
        }
    }

    @Override
    protected void apply() {
        shop.database().stop(node);
        shop.logs().error(node, "database system was interrupted; PANIC: could not write to file \"pg_wal/000000010000000000000042\"");
    }

    @Override
    protected void undo() {
        shop.database().start(node, shop.now());
    }

    @Override
    public boolean fixed() {
        return shop.database().writable();
    }
}
