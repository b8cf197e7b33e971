package dev.kunren.engine.traffic;

import dev.kunren.engine.clock.DrillClock;
import dev.kunren.http.Http1Client;
import dev.kunren.shop.store.ShopStore;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Virtual customers: an open-loop generator that sends real HTTP requests to the shop at the
 * scenario's rate (per drill second, so a faster drill sends more per real second) and reports how
 * each went. Requests are sent on schedule whether or not earlier ones have answered, so a slow
 * shop cannot slow the customers down (no coordinated omission).
 */
public final class TrafficGenerator implements AutoCloseable {

    /**
     * How far behind schedule the pacer may fall before it skips sends rather than burst them:
     * a drill second, or a quarter of a real second at high speed, whichever is more.
     */
    static final Duration MAX_LAG = Duration.ofSeconds(1);
    static final Duration MAX_REAL_LAG = Duration.ofMillis(250);
    private static final byte[] NO_BODY = new byte[0];
    private static final String FORM = "application/x-www-form-urlencoded";

    private final InetSocketAddress shop;
    private final TrafficSpec spec;
    private final DrillClock clock;
    private final Random random;
    private final Consumer<RequestOutcome> sink;
    private final RequestKind[] weightedKinds;
    private final Map<String, Double> multipliers = new ConcurrentHashMap<>();
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final Http1Client client = new Http1Client(Duration.ofSeconds(1));
    private final AtomicLong skipped = new AtomicLong();
    /** Requests in flight now; beyond the {@link InFlightBudget} share a customer counts as failed. */
    private final AtomicInteger inFlight = new AtomicInteger();
    private final java.util.concurrent.atomic.AtomicBoolean anySent = new java.util.concurrent.atomic.AtomicBoolean();
    private volatile double multiplier = 1;
    private volatile boolean running;
    private Runnable onFirstRequest = () -> { };

    public TrafficGenerator(URI shop, TrafficSpec spec, DrillClock clock, long seed, Consumer<RequestOutcome> sink) {
        this.shop = new InetSocketAddress(shop.getHost(), shop.getPort());
        this.spec = spec;
        this.clock = clock;
        this.random = new Random(seed);
        this.sink = sink;
        this.weightedKinds = weighted(spec.mix());
    }

    private static RequestKind[] weighted(Map<RequestKind, Integer> mix) {
        return new EnumMap<>(mix).entrySet().stream()
                .flatMap(e -> java.util.Collections.nCopies(e.getValue(), e.getKey()).stream())
                .toArray(RequestKind[]::new);
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
        return spec.ratePerSecond() * multiplier;
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
                if (rate <= 0 || weightedKinds.length == 0) {
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
                send(weightedKinds[random.nextInt(weightedKinds.length)], random.nextInt(1, ShopStore.catalogSize() + 1),
                        random.nextInt(1, 1000));
                next += interval;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void send(RequestKind kind, int product, int customer) {
        if (anySent.compareAndSet(false, true)) {
            onFirstRequest.run();
        }
        if (inFlight.incrementAndGet() > InFlightBudget.share()) {
            inFlight.decrementAndGet();
            sink.accept(new RequestOutcome(kind, 0, 0, true));
            return;
        }
        long start = System.nanoTime();
        try {
            executor.execute(() -> exchange(kind, product, customer, start));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            inFlight.decrementAndGet();
        }
    }

    private void exchange(RequestKind kind, int product, int customer, long start) {
        try {
            int status = request(kind, product, customer);
            sink.accept(new RequestOutcome(kind, status, System.nanoTime() - start, status >= 500));
        } catch (IOException e) {
            sink.accept(new RequestOutcome(kind, 0, System.nanoTime() - start, true));
        } finally {
            inFlight.decrementAndGet();
        }
    }

    private int request(RequestKind kind, int product, int customer) throws IOException {
        return switch (kind) {
            case BROWSE -> client.send(shop, "GET", "/products", NO_BODY, null, spec.timeout()).status();
            case PRODUCT -> client.send(shop, "GET", "/products/" + product, NO_BODY, null, spec.timeout()).status();
            case CART -> client.send(shop, "POST", "/cart", form("customer=c" + customer + "&product=" + product + "&quantity=1"),
                    FORM, spec.timeout()).status();
            case CHECKOUT -> client.send(shop, "POST", "/checkout", form("customer=c" + customer), FORM, spec.timeout()).status();
        };
    }

    private static byte[] form(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Sends unscored requests, {@code parallel} at a time, until {@code count} are done or
     * {@code budget} of real time has passed: run before the drill clock starts so the JIT has
     * compiled the request path when scoring begins, as a production shop would have been warm.
     */
    public void warmUp(int count, int parallel, Duration budget) {
        long deadline = System.nanoTime() + budget.toNanos();
        try (var warmers = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int worker = 0; worker < parallel; worker++) {
                int offset = worker;
                warmers.execute(() -> {
                    for (int i = offset; i < count && System.nanoTime() < deadline; i += parallel) {
                        try {
                            request(RequestKind.values()[i % RequestKind.values().length], i % ShopStore.catalogSize() + 1, i);
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
