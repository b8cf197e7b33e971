package dev.kunren.shop.balancer;

import dev.kunren.http.Http1Client;
import dev.kunren.http.Http1Server;
import dev.kunren.http.Request;
import dev.kunren.http.Response;
import dev.kunren.http.HttpResult;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP load balancer: round robin over the targets its health checks consider healthy, like a
 * cloud application load balancer. A target that refuses or breaks a connection gives the customer
 * a 502 until the health checks take it out of rotation.
 */
public final class LoadBalancer implements AutoCloseable {

    private static final Duration UPSTREAM_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration HEALTH_TIMEOUT = Duration.ofMillis(500);

    private final HealthCheckPolicy policy;
    private final Map<String, TargetState> targets = new LinkedHashMap<>();
    private volatile List<Target> inRotation = List.of();
    private final AtomicInteger next = new AtomicInteger();
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final Http1Client client = new Http1Client(Duration.ofSeconds(1));
    private final Http1Server server;

    public LoadBalancer(List<Target> backends, HealthCheckPolicy policy) throws IOException {
        this.policy = policy;
        for (Target target : backends) {
            targets.put(target.instanceId(), new TargetState(target));
        }
        publishRotation();
        server = Http1Server.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), this::forward);
    }

    public URI uri() {
        return URI.create("http://127.0.0.1:" + server.port());
    }

    /**
     * Adds a target. A new instance starts out of rotation until it passes
     * {@code healthyAfter} probes, as a cloud load balancer's initial health check requires;
     * {@code healthy} puts it in rotation at once (the shop's first instances).
     */
    public synchronized void register(Target target, boolean healthy) {
        TargetState state = new TargetState(target);
        state.healthy = healthy;
        targets.put(target.instanceId(), state);
        publishRotation();
    }

    /** Removes a target; removing an unknown one does nothing. */
    public synchronized void deregister(String instanceId) {
        if (targets.remove(instanceId) != null) {
            publishRotation();
        }
    }

    public synchronized boolean isHealthy(String instanceId) {
        TargetState state = targets.get(instanceId);
        return state != null && state.healthy;
    }

    public int healthyCount() {
        return inRotation.size();
    }

    /**
     * Runs one round of health checks against every target and returns the targets whose health
     * changed. The caller decides when: the drill engine calls it on the drill clock.
     */
    public List<HealthChange> checkHealth() {
        List<TargetState> states;
        synchronized (this) {
            states = List.copyOf(targets.values());
        }
        var probes = states.stream().map(s -> executor.submit(() -> probe(s.target))).toList();
        // Wait for the probes without holding the lock: a slow target must not block readers.
        List<Boolean> passed = probes.stream().map(LoadBalancer::futureValue).toList();
        List<HealthChange> changes = new ArrayList<>();
        synchronized (this) {
            for (int i = 0; i < states.size(); i++) {
                states.get(i).record(passed.get(i), policy).ifPresent(changes::add);
            }
            publishRotation();
        }
        return changes;
    }

    private static boolean futureValue(java.util.concurrent.Future<Boolean> probe) {
        try {
            return probe.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (java.util.concurrent.ExecutionException e) {
            return false;
        }
    }

    private boolean probe(Target target) {
        try {
            return client.send(target.address(), "GET", "/health", new byte[0], null, HEALTH_TIMEOUT).status() == 200;
        } catch (IOException e) {
            return false;
        }
    }

    private void publishRotation() {
        inRotation = targets.values().stream().filter(s -> s.healthy).map(s -> s.target).toList();
    }

    private Response forward(Request request) {
        List<Target> rotation = inRotation;
        if (rotation.isEmpty()) {
            return Response.json(503, "{\"error\":\"no healthy instance\"}");
        }
        Target target = rotation.get(Math.floorMod(next.getAndIncrement(), rotation.size()));
        try {
            HttpResult response = client.send(target.address(), request.method(), request.target(), request.body(),
                    request.header("content-type"), UPSTREAM_TIMEOUT);
            return new Response(response.status(), response.contentType(), response.body(), Map.of(
                    "X-Served-By", response.servedBy() != null ? response.servedBy() : target.instanceId()));
        } catch (SocketTimeoutException e) {
            return Response.json(504, "{\"error\":\"upstream timed out\"}");
        } catch (IOException e) {
            return Response.json(502, "{\"error\":\"bad gateway\"}");
        }
    }

    @Override
    public void close() {
        server.close();
        client.close();
        executor.shutdownNow();
    }

    /** Consecutive probe results of one target, and whether it is in rotation. */
    private static final class TargetState {
        final Target target;
        boolean healthy = true;
        int streak;

        TargetState(Target target) {
            this.target = target;
        }

        java.util.Optional<HealthChange> record(boolean passed, HealthCheckPolicy policy) {
            if (passed == healthy) {
                streak = 0;
                return java.util.Optional.empty();
            }
            streak++;
            int needed = healthy ? policy.unhealthyAfter() : policy.healthyAfter();
            if (streak < needed) {
                return java.util.Optional.empty();
            }
            healthy = passed;
            streak = 0;
            return java.util.Optional.of(new HealthChange(target.instanceId(), healthy));
        }
    }
}
