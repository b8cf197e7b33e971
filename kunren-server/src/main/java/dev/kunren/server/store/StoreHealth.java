package dev.kunren.server.store;

import java.time.Instant;

/**
 * Whether the database takes events now; if not, since when and why. {@code waiting} events are
 * kept in order meanwhile and written when it is back.
 */
public record StoreHealth(boolean available, Instant since, String problem, long waiting) {

    static final StoreHealth AVAILABLE = new StoreHealth(true, null, null, 0);

    static StoreHealth unavailable(Instant since, String problem) {
        return new StoreHealth(false, since, problem, 0);
    }

    StoreHealth withWaiting(long count) {
        return new StoreHealth(available, since, problem, count);
    }
}
