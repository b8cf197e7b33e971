package dev.kunren.shop.instance;

import java.time.InstantSource;

/**
 * The modelled CPU of one web instance.
 *
 * <p>An instance can serve {@code capacityPerSecond} requests per second of drill time. Its
 * utilisation is the arrivals of the last drill second over what it can serve; its CPU % follows
 * from that (plus any CPU hog). Below full load a request's service time stretches like a queue's
 * (1 / (1 − u), capped at 10×); above it, the share of requests it cannot serve is rejected and
 * the rest wait the full 10×. Everything is counted in drill time, so the numbers do not depend on
 * the speed of the drill or on what else the machine is doing.
 */
public final class CapacityModel {

    static final double MAX_SLOWDOWN = 10;
    private static final int BUCKETS = 10;
    private static final long BUCKET_MILLIS = 1000 / BUCKETS;

    private final double capacityPerSecond;
    private final InstantSource clock;
    private final int[] arrivals = new int[BUCKETS];
    private long currentBucket = Long.MIN_VALUE;
    private double hogPercent;
    private double admitCredit;

    public CapacityModel(double capacityPerSecond, InstantSource clock) {
        if (!(capacityPerSecond > 0)) {
            throw new IllegalArgumentException("capacity must be > 0 requests/s, but was " + capacityPerSecond);
        }
        this.capacityPerSecond = capacityPerSecond;
        this.clock = clock;
    }

    /** Decides how one arriving request is served, and counts it. */
    public synchronized Admission admit() {
        advance();
        arrivals[(int) Math.floorMod(currentBucket, BUCKETS)]++;
        double utilisation = utilisation();
        if (utilisation <= 1) {
            return Admission.serve(Math.min(MAX_SLOWDOWN, 1 / (1 - Math.min(utilisation, 0.9))));
        }
        admitCredit += 1 / utilisation;
        if (admitCredit >= 1) {
            admitCredit -= 1;
            return Admission.serve(MAX_SLOWDOWN);
        }
        return Admission.reject();
    }

    /** Modelled CPU use in percent, 0–100. */
    public synchronized double cpuPercent() {
        advance();
        double web = Math.min(1, utilisation()) * 100 * (1 - hogPercent / 100);
        return Math.min(100, hogPercent + web);
    }

    /** Forgets every arrival counted so far. */
    public synchronized void forgetLoad() {
        java.util.Arrays.fill(arrivals, 0);
        admitCredit = 0;
    }

    /** Requests that arrived during the last drill second. */
    public synchronized int arrivalsLastSecond() {
        advance();
        int sum = 0;
        for (int count : arrivals) {
            sum += count;
        }
        return sum;
    }

    /**
     * Starts or stops a CPU hog using {@code percent} of the CPU. The OS shares the CPU fairly, so
     * a hog at 100% leaves the web server half its capacity.
     */
    public synchronized void setHogPercent(double percent) {
        if (percent < 0 || percent > 100) {
            throw new IllegalArgumentException("percent must be within 0..100, but was " + percent);
        }
        hogPercent = percent;
    }

    private double utilisation() {
        int sum = 0;
        for (int count : arrivals) {
            sum += count;
        }
        double available = capacityPerSecond * (1 - hogPercent / 200);
        return sum / available;
    }

    private void advance() {
        long bucket = Math.floorDiv(clock.millis(), BUCKET_MILLIS);
        if (currentBucket == Long.MIN_VALUE || bucket - currentBucket >= BUCKETS) {
            java.util.Arrays.fill(arrivals, 0);
        } else {
            for (long b = currentBucket + 1; b <= bucket; b++) {
                arrivals[(int) Math.floorMod(b, BUCKETS)] = 0;
            }
        }
        if (bucket > currentBucket) {
            currentBucket = bucket;
        }
    }
}
