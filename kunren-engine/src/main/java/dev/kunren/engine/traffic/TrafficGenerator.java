package dev.kunren.engine.traffic;

import dev.kunren.engine.clock.DrillClock;
import dev.kunren.http.Http1Client;
import dev.kunren.shop.store.ShopStore;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Virtual customers: an open-loop generator that sends real HTTP requests — to the shop, or a
 * probe's to the team's own service — at a rate per drill second (so a faster drill sends more
 * per real second) and reports how each went. Requests are sent on schedule whether or not
 * earlier ones have answered, so a slow system cannot slow the customers down (no coordinated
 * omission).
 */
public final class TrafficGenerator implements AutoCloseable {

    /**
     * How far behind schedule the pacer may fall before it skips sends rather than burst them:
     * a drill second, or a quarter of a real second at high speed, whichever is more.
     */
    static final Duration MAX_LAG = Duration.ofSeconds(1);
    static final Duration MAX_REAL_LAG = Duration.ofMillis(250);
    private final Requests requests;
    private final double baseRate;
    private final DrillClock clock;
    private final Random random;
    private final Consumer<RequestOutcome> sink;
    private final ShopRequests shopRequests;
    private final Map<String, Double> multipliers = new ConcurrentHashMap<>();
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final Http1Client client;
    private final AtomicLong skipped = new AtomicLong();
    /** Requests in flight now; beyond the {@link InFlightBudget} share a customer counts as failed. */
    private final AtomicInteger inFlight = new AtomicInteger();
    private final java.util.concurrent.atomic.AtomicBoolean anySent = new java.util.concurrent.atomic.AtomicBoolean();
    private volatile double multiplier = 1;
    private volatile boolean running;
    private Runnable onFirstRequest = () -> { };

    /** The practice shop's customers, in the scenario's mix. */
    public TrafficGenerator(URI shop, TrafficSpec spec, DrillClock clock, long seed, Consumer<RequestOutcome> sink) {
        this.client = new Http1Client(Duration.ofSeconds(1));
        this.shopRequests = new ShopRequests(shop, spec, client);
        this.requests = shopRequests;
        this.baseRate = shopRequests.any() ? spec.ratePerSecond() : 0;
        this.clock = clock;
        this.random = new Random(seed);
        this.sink = sink;
    }

    /** Customers that ask what {@code requests} picks, {@code ratePerSecond} times a drill second, through {@code client}. */
    public TrafficGenerator(Requests requests, double ratePerSecond, Http1Client client, DrillClock clock, long seed,
                            Consumer<RequestOutcome> sink) {
        this.client = client;
        this.shopRequests = null;
        this.requests = requests;
        this.baseRate = ratePerSecond;
        this.clock = clock;
        this.random = new Random(seed);
        this.sink = sink;
    }

    /** Called once, when the first request is sent. */
    public void onFirstRequest(Runnable action) {
        this.onFirstRequest = action;
    }

    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        InFlightBudget.join();
        Thread.ofPlatform().name("traffic-pacer").daemon().start(this::pace);
    }

    /** Multiplies the rate by {@code factor} until cleared; several multipliers multiply. */
    public void setMultiplier(String key, double factor) {
        multipliers.put(key, factor);
        multiplier = multipliers.values().stream().reduce(1.0, (a, b) -> a * b);
    }

    public void clearMultiplier(String key) {
        multipliers.remove(key);
        multiplier = multipliers.values().stream().reduce(1.0, (a, b) -> a * b);
    }

    /** Requests per drill second right now. */
    public double currentRate() {
        return baseRate * multiplier;
    }

    /**
     * Requests not sent because this machine fell too far behind schedule ({@link #MAX_LAG});
     * reported so a drill on an overloaded machine says so instead of blaming the team.
     */
    public long skipped() {
        return skipped.get();
    }

    private void pace() {
        long next = clock.elapsed().toNanos();
        long maxLagNanos = Math.max(MAX_LAG.toNanos(), (long) (MAX_REAL_LAG.toNanos() * clock.speed()));
        try {
            while (running && !clock.isStopped()) {
                double rate = currentRate();
                if (rate <= 0) {
                    next += 1_000_000_000L;
                    clock.awaitElapsed(Duration.ofNanos(next));
                    continue;
                }
                clock.awaitElapsed(Duration.ofNanos(next));
                if (!running) {
                    return;
                }
                long interval = (long) (1e9 / rate);
                long behind = clock.elapsed().toNanos() - next;
                if (behind > maxLagNanos) {
                    long missed = behind / interval;
                    skipped.addAndGet(missed);
                    next += missed * interval;
                }
                send(requests.pick(random));
                next += interval;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void send(Object request) {
        if (anySent.compareAndSet(false, true)) {
            onFirstRequest.run();
        }
        long start = System.nanoTime();
        if (inFlight.incrementAndGet() > InFlightBudget.share()) {
            inFlight.decrementAndGet();
            sink.accept(requests.broken(request, start));
            return;
        }
        try {
            executor.execute(() -> exchange(request, start));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            inFlight.decrementAndGet();
        }
    }

    private void exchange(Object request, long start) {
        try {
            sink.accept(requests.send(request, start));
        } catch (IOException e) {
            sink.accept(requests.broken(request, start));
        } finally {
            inFlight.decrementAndGet();
        }
    }

    /**
     * Sends unscored requests, {@code parallel} at a time, until {@code count} are done or
     * {@code budget} of real time has passed: run before the drill clock starts so the JIT has
     * compiled the request path when scoring begins, as a production shop would have been warm.
     */
    public void warmUp(int count, int parallel, Duration budget) {
        if (shopRequests == null) {
            return;  // a team's own service is warm already, and its probes are not Kunren's to repeat
        }
        long deadline = System.nanoTime() + budget.toNanos();
        try (var warmers = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int worker = 0; worker < parallel; worker++) {
                int offset = worker;
                warmers.execute(() -> {
                    for (int i = offset; i < count && System.nanoTime() < deadline; i += parallel) {
                        try {
                            shopRequests.status(RequestKind.values()[i % RequestKind.values().length], i % ShopStore.catalogSize() + 1, i);
                        } catch (IOException ignored) {
                            // a failed warm-up request only means less warming
                        }
                    }
                });
            }
        }
    }

    /**
     * Stops sending; requests in flight finish or time out. The pacer notices at its next wake-up
     * (or when the drill clock stops); it is not interrupted, since it may be writing the timeline.
     */
    public synchronized void stop() {
        if (running) {
            InFlightBudget.leave();
        }
        running = false;
    }

    @Override
    public void close() {
        stop();
        executor.shutdownNow();
        client.close();
    }
}
