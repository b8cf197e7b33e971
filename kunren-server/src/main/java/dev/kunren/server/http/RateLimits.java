package dev.kunren.server.http;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * A token bucket per key (a team, an address): {@code perMinute} sustained, {@code burst} at
 * once; past it, a 429 problem with {@code Retry-After}. At most {@code maxKeys} buckets are
 * kept; the least recently used full one gives way (a full bucket holds nothing worth keeping).
 */
public final class RateLimits {

    private static final long MINUTE_NANOS = 60_000_000_000L;
    private final String what;
    private final double perNano;
    private final int burst;
    private final int maxKeys;
    private final LongSupplier nanoTime;
    private final Map<String, Bucket> buckets = new LinkedHashMap<>(16, 0.75f, true);

    private static final class Bucket {
        double tokens;
        long at;
    }

    /** {@code what} names the limit in the problem's detail, e.g. "notes, updates and answers of a team". */
    public RateLimits(String what, int perMinute, int burst, int maxKeys) {
        this(what, perMinute, burst, maxKeys, System::nanoTime);
    }

    public RateLimits(String what, int perMinute, int burst, int maxKeys, LongSupplier nanoTime) {
        this.what = what;
        this.perNano = perMinute / (double) MINUTE_NANOS;
        this.burst = burst;
        this.maxKeys = maxKeys;
        this.nanoTime = nanoTime;
    }

    /** Takes one token of {@code key}'s bucket, or throws 429 saying when the next one comes. */
    public synchronized void take(String key) {
        long now = nanoTime.getAsLong();
        Bucket bucket = buckets.get(key);
        if (bucket == null) {
            if (buckets.size() >= maxKeys) {
                evictOneFull(now);
            }
            bucket = new Bucket();
            bucket.tokens = burst;
            bucket.at = now;
            buckets.put(key, bucket);
        }
        bucket.tokens = Math.min(burst, bucket.tokens + (now - bucket.at) * perNano);
        bucket.at = now;
        if (bucket.tokens < 1) {
            long seconds = (long) Math.ceil((1 - bucket.tokens) / perNano / 1e9);
            throw Problem.tooMany("too many " + what + ": try again in " + Math.max(1, seconds) + " s", seconds);
        }
        bucket.tokens -= 1;
    }

    private void evictOneFull(long now) {
        var it = buckets.entrySet().iterator();
        while (it.hasNext()) {
            Bucket b = it.next().getValue();
            if (Math.min(burst, b.tokens + (now - b.at) * perNano) >= burst) {
                it.remove();
                return;
            }
        }
        throw Problem.tooMany("too many callers at once for " + what + "; try again in a minute", 60);
    }
}
