package dev.kunren.engine.scenario;

import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The team's own systems as a drill's environment ({@code environment: external}): services that
 * Kunren's fault proxy stands in front of, probes that play the customers, hosts whose agents act
 * on command, and the team's Prometheus, if it has one to query.
 */
public record ExternalEnvironment(List<Service> services, List<Probe> probes, List<String> agents, Optional<URI> prometheus) {

    /** A service clients reach through Kunren's proxy: {@code listen} in front of {@code upstream}. */
    public record Service(String name, InetSocketAddress listen, InetSocketAddress upstream, boolean http) {
    }

    /**
     * A synthetic customer: {@code rate} requests per drill second to {@code url}; a request
     * succeeds when it answers {@code expectStatus} within {@code timeout}.
     */
    public record Probe(String name, URI url, String method, double rate, Duration timeout, int expectStatus) {
    }

    public ExternalEnvironment {
        services = List.copyOf(services);
        probes = List.copyOf(probes);
        agents = List.copyOf(agents);
    }

    public Optional<Service> service(String name) {
        return services.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /** Probe requests per drill second, all probes together. */
    public double probeRate() {
        return probes.stream().mapToDouble(Probe::rate).sum();
    }
}
