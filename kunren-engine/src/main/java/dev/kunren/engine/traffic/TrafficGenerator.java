package dev.kunren.engine.traffic;

import dev.kunren.engine.clock.DrillClock;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Virtual customers: an open-loop generator that sends real HTTP requests to the shop at the
 * scenario's rate (per drill second, so a faster drill sends more per real second) and reports how
 * each went. Requests are sent on schedule whether or not earlier ones have answered, so a slow
 * shop cannot slow the customers down (no coordinated omission).
 */
public final class TrafficGenerator implements AutoCloseable {

    /** Requests in flight at most; beyond it a customer counts as failed, as a real one would give up. */
    static final int MAX_IN_FLIGHT = 4096;

    private final URI shop;
    private final TrafficSpec spec;
    private final DrillClock clock;
    private final Random random;
    private final Consumer<RequestOutcome> sink;
    private final RequestKind[] weightedKinds;
    private final Map<String, Double> multipliers = new ConcurrentHashMap<>();
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final HttpClient client;
    private final Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
    private final AtomicLong sent = new AtomicLong();
    private volatile double multiplier = 1;
    private volatile boolean running;
    private Thread pacer;
    private Runnable onFirstRequest = () -> { };

    public TrafficGenerator(URI shop, TrafficSpec spec, DrillClock clock, long seed, Consumer<RequestOutcome> sink) {
        this.shop = shop;
        this.spec = spec;
        this.clock = clock;
        this.random = new Random(seed);
        this.sink = sink;
        this.weightedKinds = weighted(spec.mix());
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(executor)
                .connectTimeout(Duration.ofSeconds(1)).build();
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
        pacer = Thread.ofPlatform().name("traffic-pacer").daemon().start(this::pace);
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

    public long sent() {
        return sent.get();
    }

    private void pace() {
        long next = clock.elapsed().toNanos();
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
                send(weightedKinds[random.nextInt(weightedKinds.length)], random.nextInt(1, 13), random.nextInt(1, 1000));
                next += (long) (1e9 / rate);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void send(RequestKind kind, int product, int customer) {
        if (sent.getAndIncrement() == 0) {
            onFirstRequest.run();
        }
        if (!inFlight.tryAcquire()) {
            sink.accept(new RequestOutcome(kind, 0, 0, true));
            return;
        }
        HttpRequest request = request(kind, product, customer);
        long start = System.nanoTime();
        try {
            executor.execute(() -> exchange(kind, request, start));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            inFlight.release();
        }
    }

    private void exchange(RequestKind kind, HttpRequest request, long start) {
        try {
            int status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            sink.accept(new RequestOutcome(kind, status, System.nanoTime() - start, status >= 500));
        } catch (IOException e) {
            sink.accept(new RequestOutcome(kind, 0, System.nanoTime() - start, true));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            inFlight.release();
        }
    }

    private HttpRequest request(RequestKind kind, int product, int customer) {
        HttpRequest.Builder builder = switch (kind) {
            case BROWSE -> HttpRequest.newBuilder(shop.resolve("/products")).GET();
            case PRODUCT -> HttpRequest.newBuilder(shop.resolve("/products/" + product)).GET();
            case CART -> HttpRequest.newBuilder(shop.resolve("/cart"))
                    .POST(HttpRequest.BodyPublishers.ofString("customer=c" + customer + "&product=" + product + "&quantity=1"));
            case CHECKOUT -> HttpRequest.newBuilder(shop.resolve("/checkout"))
                    .POST(HttpRequest.BodyPublishers.ofString("customer=c" + customer));
        };
        return builder.timeout(spec.timeout()).header("Content-Type", "application/x-www-form-urlencoded").build();
    }

    /**
     * Stops sending; requests in flight finish or time out. The pacer notices at its next wake-up
     * (or when the drill clock stops); it is not interrupted, since it may be writing the timeline.
     */
    public synchronized void stop() {
        running = false;
    }

    @Override
    public void close() {
        stop();
        executor.shutdownNow();
        client.close();
    }
}
