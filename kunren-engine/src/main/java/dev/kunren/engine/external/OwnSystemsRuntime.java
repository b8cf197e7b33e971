package dev.kunren.engine.external;

import dev.kunren.engine.alert.AlertRule;
import dev.kunren.engine.clock.DrillClock;
import dev.kunren.engine.fault.Fault;
import dev.kunren.engine.fault.FaultSpec;
import dev.kunren.engine.scenario.ExternalEnvironment;
import dev.kunren.engine.traffic.RequestOutcome;
import dev.kunren.engine.traffic.TrafficGenerator;
import dev.kunren.http.Http1Client;
import dev.kunren.proxy.TcpProxy;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * What a running drill holds of the team's own systems: a proxy listening in front of each
 * service, the probes, and the queries to the team's Prometheus. Everything here lives in the
 * drill's process and closes with it, so no proxy or toxic can outlive the drill.
 */
public final class OwnSystemsRuntime implements AutoCloseable {

    private final OwnSystems own;
    private final Map<String, TcpProxy> proxies;
    private final List<TrafficGenerator> probes;
    private final Http1Client probeClient;
    private final Optional<PrometheusQueries> queries;
    private final DrillClock clock;

    private OwnSystemsRuntime(OwnSystems own, Map<String, TcpProxy> proxies, List<TrafficGenerator> probes, Http1Client probeClient,
                              Optional<PrometheusQueries> queries, DrillClock clock) {
        this.own = own;
        this.proxies = proxies;
        this.probes = probes;
        this.probeClient = probeClient;
        this.queries = queries;
        this.clock = clock;
    }

    /**
     * Starts the proxies (a listen address in use is an {@code IOException} naming the service)
     * and readies the probes and queries; the probes send nothing before {@link #startProbes()}.
     */
    public static OwnSystemsRuntime start(OwnSystems own, List<AlertRule> promqlRules, DrillClock clock, ExecutorService background,
                                          long seed, Consumer<RequestOutcome> sink) throws IOException {
        ExternalEnvironment environment = own.environment();
        Random random = new Random(seed);
        Map<String, TcpProxy> proxies = new LinkedHashMap<>();
        Http1Client client = new Http1Client(Duration.ofSeconds(2));
        try {
            for (ExternalEnvironment.Service service : environment.services()) {
                try {
                    proxies.put(service.name(), TcpProxy.start(service.name(), service.listen(), service.upstream(),
                            new Random(random.nextLong())));
                } catch (IOException e) {
                    throw new IOException("cannot listen on " + service.listen().getAddress().getHostAddress() + ":"
                            + service.listen().getPort() + " for service " + service.name() + ": " + e.getMessage(), e);
                }
            }
            List<TrafficGenerator> probes = new ArrayList<>();
            for (ExternalEnvironment.Probe probe : environment.probes()) {
                probes.add(new TrafficGenerator(new ProbeRequests(probe, client), probe.rate(), client, clock, random.nextLong(), sink));
            }
            Optional<PrometheusQueries> queries = environment.prometheus()
                    .map(url -> new PrometheusQueries(url, promqlRules, background));
            return new OwnSystemsRuntime(own, proxies, probes, client, queries, clock);
        } catch (IOException | RuntimeException e) {
            proxies.values().forEach(TcpProxy::close);
            client.close();
            throw e;
        }
    }

    /** The faults of this drill, acting on these proxies and the drill's agents. */
    public Function<FaultSpec, Fault> faultCatalog(Duration drillDuration) {
        return new OwnFaults(this::proxy, own.agents(), clock, drillDuration)::create;
    }

    private TcpProxy proxy(String service) {
        TcpProxy proxy = proxies.get(service);
        if (proxy == null) {
            throw new IllegalArgumentException("no service " + service + " in this drill");
        }
        return proxy;
    }

    public void onFirstProbe(Runnable action) {
        if (!probes.isEmpty()) {
            probes.getFirst().onFirstRequest(action);
        }
    }

    public void startProbes() {
        probes.forEach(TrafficGenerator::start);
    }

    public void stopProbes() {
        probes.forEach(TrafficGenerator::stop);
    }

    /** Probe requests not sent because this machine fell behind (not counted against the team). */
    public long skipped() {
        return probes.stream().mapToLong(TrafficGenerator::skipped).sum();
    }

    /** Starts a round of PromQL queries unless one is still running. */
    public void refreshQueries() {
        queries.ifPresent(PrometheusQueries::refresh);
    }

    /** The latest answer of the team's Prometheus to each PromQL rule, by rule name. */
    public Map<String, Double> queried() {
        return queries.map(PrometheusQueries::latest).orElse(Map.of());
    }

    @Override
    public void close() {
        probes.forEach(TrafficGenerator::close);
        proxies.values().forEach(TcpProxy::close);
        queries.ifPresent(PrometheusQueries::close);
        probeClient.close();
    }
}
