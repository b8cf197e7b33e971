package dev.kunren.shop.cache;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** The shop's cache in front of the database's catalog reads, with drill-time expiry. */
public final class Cache {

    private record Entry(String value, Duration expires) {
    }

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final AtomicLong hits = new AtomicLong();
    private final AtomicLong misses = new AtomicLong();

    public Optional<String> get(String key, Duration now) {
        Entry entry = entries.get(key);
        if (entry == null || entry.expires().compareTo(now) <= 0) {
            misses.incrementAndGet();
            return Optional.empty();
        }
        hits.incrementAndGet();
        return Optional.of(entry.value());
    }

    public void put(String key, String value, Duration ttl, Duration now) {
        if (!ttl.isZero()) {
            entries.put(key, new Entry(value, now.plus(ttl)));
        }
    }

    /** Drops every entry; returns how many there were. */
    public int flush() {
        int size = entries.size();
        entries.clear();
        return size;
    }

    public int size() {
        return entries.size();
    }

    public long hits() {
        return hits.get();
    }

    public long misses() {
        return misses.get();
    }
}
