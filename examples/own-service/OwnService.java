import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A small checkout service to drill on, standing in for a team's own: run it with
 * {@code java examples/own-service/OwnService.java [--port 9000]} (the JDK runs a single source
 * file as it is; nothing to build).
 *
 * <ul>
 * <li>{@code GET /health} and {@code GET /checkout}: 200 while its background worker (the
 *     process {@code sleep 31337}) runs, 503 once it has died: checkout needs its worker.</li>
 * <li>{@code POST /admin/restart-worker}: starts the worker again — what the runbook does.</li>
 * <li>{@code GET /metrics}: Prometheus text — {@code http_server_duration_seconds} (a histogram
 *     of its own handling time), {@code checkout_worker_up}, {@code http_requests_total}.</li>
 * </ul>
 */
public final class OwnService {

    private static final double[] BUCKETS = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5};
    private static final AtomicLong[] COUNTS = new AtomicLong[BUCKETS.length + 1];
    private static final AtomicLong REQUESTS = new AtomicLong();
    private static final AtomicLong FAILED = new AtomicLong();
    private static final AtomicLong SUM_MICROS = new AtomicLong();
    private static final AtomicReference<Process> WORKER = new AtomicReference<>();

    private OwnService() {
    }

    public static void main(String[] args) throws IOException {
        int port = 9000;
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals("--port")) {
                port = Integer.parseInt(args[i + 1]);
            }
        }
        for (int i = 0; i < COUNTS.length; i++) {
            COUNTS[i] = new AtomicLong();
        }
        startWorker();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            Process worker = WORKER.get();
            if (worker != null) {
                worker.destroyForcibly();
            }
        }));
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 128);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", OwnService::handle);
        server.start();
        System.out.println("own-service: listening on 127.0.0.1:" + server.getAddress().getPort() + ", worker pid "
                + WORKER.get().pid());
    }

    private static synchronized void startWorker() throws IOException {
        Process old = WORKER.get();
        if (old != null && old.isAlive()) {
            return;
        }
        WORKER.set(new ProcessBuilder("sleep", "31337").start());
    }

    private static void handle(HttpExchange exchange) throws IOException {
        long start = System.nanoTime();
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            switch (path) {
                case "/health", "/checkout" -> {
                    Process worker = WORKER.get();
                    if (worker != null && worker.isAlive()) {
                        answer(exchange, 200, path.equals("/health") ? "ok\n" : "{\"order\":\"accepted\"}\n");
                    } else {
                        answer(exchange, 503, "{\"error\":\"the checkout worker is down\"}\n");
                    }
                }
                case "/admin/restart-worker" -> {
                    startWorker();
                    answer(exchange, 200, "worker running, pid " + WORKER.get().pid() + "\n");
                }
                case "/metrics" -> answer(exchange, 200, metrics());
                default -> answer(exchange, 404, "not found\n");
            }
        } finally {
            record(System.nanoTime() - start);
        }
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        if (status >= 500) {
            FAILED.incrementAndGet();
        }
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static void record(long nanos) {
        REQUESTS.incrementAndGet();
        SUM_MICROS.addAndGet(nanos / 1_000);
        double seconds = nanos / 1e9;
        int bucket = 0;
        while (bucket < BUCKETS.length && seconds > BUCKETS[bucket]) {
            bucket++;
        }
        COUNTS[bucket].incrementAndGet();
    }

    private static String metrics() {
        StringBuilder text = new StringBuilder();
        text.append("# TYPE http_server_duration_seconds histogram\n");
        long cumulative = 0;
        for (int i = 0; i < BUCKETS.length; i++) {
            cumulative += COUNTS[i].get();
            text.append("http_server_duration_seconds_bucket{le=\"").append(BUCKETS[i]).append("\"} ").append(cumulative).append('\n');
        }
        cumulative += COUNTS[BUCKETS.length].get();
        text.append("http_server_duration_seconds_bucket{le=\"+Inf\"} ").append(cumulative).append('\n');
        text.append("http_server_duration_seconds_sum ").append(SUM_MICROS.get() / 1e6).append('\n');
        text.append("http_server_duration_seconds_count ").append(cumulative).append('\n');
        text.append("# TYPE http_requests_total counter\nhttp_requests_total ").append(REQUESTS.get()).append('\n');
        text.append("# TYPE http_requests_failed_total counter\nhttp_requests_failed_total ").append(FAILED.get()).append('\n');
        Process worker = WORKER.get();
        text.append("# TYPE checkout_worker_up gauge\ncheckout_worker_up ").append(worker != null && worker.isAlive() ? 1 : 0).append('\n');
        return text.toString();
    }
}
