package dev.kunren.shop.database;

import java.time.Duration;

/**
 * One entry of a database node's process list: a running query, its age counted from
 * {@code startedAt}, and what it is doing to everyone else.
 */
public record DbProcess(int pid, String node, String user, String query, Duration startedAt, Effect effect) {

    /** What a long-running query does to the rest of the database. */
    public enum Effect {
        /** An ordinary query. */
        NONE,
        /** Holds a lock on the orders table: every checkout waits behind it. */
        LOCKS_ORDERS,
        /** A full scan that saturates the node: every query is slower. */
        SLOWS_QUERIES,
        /** A long read on the replica that conflicts with replay: replication stops advancing. */
        BLOCKS_REPLICATION
    }
}
