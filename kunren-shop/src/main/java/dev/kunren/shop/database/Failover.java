package dev.kunren.shop.database;

import java.time.Duration;

/**
 * A replica promoted to primary. Writes the old primary acknowledged but had not yet shipped are
 * lost: {@code lostWrites} of them, the newest {@code rpo} of data (recovery point).
 */
public record Failover(String from, String to, Duration at, long lostWrites, long lostOrders, Duration rpo,
                       boolean automatic) {
}
