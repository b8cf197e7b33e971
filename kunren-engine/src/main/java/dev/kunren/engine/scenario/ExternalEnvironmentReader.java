package dev.kunren.engine.scenario;

import dev.kunren.engine.scenario.internal.Problems;
import dev.kunren.engine.scenario.internal.YamlObject;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads {@code environment: {external: ...}}: services, probes, agents and the team's Prometheus.
 * Addresses are numeric ({@code 127.0.0.1:9000}) or {@code localhost}: a scenario never makes
 * Kunren resolve a host name, and a proxy never listens where its upstream is.
 */
final class ExternalEnvironmentReader {

    private static final String NAME = "[a-z0-9][a-z0-9._-]{0,62}";
    private final Problems problems;

    ExternalEnvironmentReader(Problems problems) {
        this.problems = problems;
    }

    Optional<ExternalEnvironment> read(YamlObject external) {
        external.allowOnly(List.of("services", "probes", "agents", "prometheus"));
        Set<String> names = new HashSet<>();
        Set<InetSocketAddress> listening = new HashSet<>();
        List<ExternalEnvironment.Service> services = new ArrayList<>();
        for (Node item : external.list("services")) {
            YamlObject.of(item, "a service", problems).flatMap(s -> service(s, names, listening)).ifPresent(services::add);
        }
        for (ExternalEnvironment.Service service : services) {
            if (listening.contains(service.upstream()) && !service.upstream().equals(service.listen())) {  // the same: said already
                problems.at(external.value("services").get(), "service " + service.name() + "'s upstream " + text(service.upstream())
                        + " is where a proxy of this scenario listens: it would relay to itself");
            }
        }
        List<ExternalEnvironment.Probe> probes = new ArrayList<>();
        for (Node item : external.list("probes")) {
            YamlObject.of(item, "a probe", problems).flatMap(p -> probe(p, names)).ifPresent(probes::add);
        }
        List<String> agents = new ArrayList<>();
        for (Node item : external.list("agents")) {
            external.scalar(item, "agents", "an agent name").ifPresent(agent -> {
                if (!agent.matches(NAME)) {
                    problems.at(item, "an agent name is lower-case letters, digits, '.', '_' or '-', but was \"" + agent + "\"");
                } else if (!names.add(agent)) {
                    problems.at(item, "the name \"" + agent + "\" is used twice in the environment");
                }
                agents.add(agent);
            });
        }
        Optional<URI> prometheus = external.string("prometheus", false).flatMap(url -> httpUrl(external.value("prometheus").get(),
                "prometheus", url));
        if (services.isEmpty() && probes.isEmpty() && agents.isEmpty() && !problems.any()) {
            problems.at(external.node(), "an external environment needs services, probes or agents: something to measure or break");
        }
        return Optional.of(new ExternalEnvironment(services, probes, agents, prometheus));
    }

    private Optional<ExternalEnvironment.Service> service(YamlObject service, Set<String> names, Set<InetSocketAddress> listening) {
        service.allowOnly(List.of("name", "listen", "upstream", "protocol"));
        Optional<String> name = service.string("name", true).filter(n -> uniqueName(service, n, names));
        Optional<InetSocketAddress> listen = service.string("listen", true).flatMap(a -> address(service.value("listen").get(), a));
        Optional<InetSocketAddress> upstream = service.string("upstream", true).flatMap(a -> address(service.value("upstream").get(), a));
        String protocol = service.string("protocol", false).orElse("tcp");
        if (!protocol.equals("http") && !protocol.equals("tcp")) {
            problems.at(service.value("protocol").get(), "protocol must be http or tcp, but was \"" + protocol + "\"");
        }
        listen.filter(l -> !listening.add(l)).ifPresent(l ->
                problems.at(service.value("listen").get(), "two services listen on " + text(l)));
        if (listen.isPresent() && upstream.isPresent() && listen.get().equals(upstream.get())) {
            problems.at(service.value("upstream").get(), "upstream and listen are the same address: the proxy would relay to itself");
        }
        if (name.isEmpty() || listen.isEmpty() || upstream.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new ExternalEnvironment.Service(name.get(), listen.get(), upstream.get(), protocol.equals("http")));
    }

    private Optional<ExternalEnvironment.Probe> probe(YamlObject probe, Set<String> names) {
        probe.allowOnly(List.of("name", "url", "method", "rate", "timeout", "expectStatus"));
        Optional<String> name = probe.string("name", true).filter(n -> uniqueName(probe, n, names));
        Optional<URI> url = probe.string("url", true).flatMap(u -> httpUrl(probe.value("url").get(), "url", u));
        String method = probe.string("method", false).orElse("GET");
        if (!List.of("GET", "HEAD", "POST").contains(method)) {
            problems.at(probe.value("method").get(), "method must be GET, HEAD or POST, but was \"" + method + "\"");
        }
        Optional<Double> rate = probe.number("rate", true, 0.01, 1_000);
        Duration timeout = probe.duration("timeout", false, Duration.ofMillis(10), Duration.ofMinutes(1)).orElse(Duration.ofSeconds(2));
        int expectStatus = probe.integer("expectStatus", false, 100, 599).orElse(200);
        if (name.isEmpty() || url.isEmpty() || rate.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new ExternalEnvironment.Probe(name.get(), url.get(), method, rate.get(), timeout, expectStatus));
    }

    private boolean uniqueName(YamlObject item, String name, Set<String> names) {
        if (!name.matches(NAME)) {
            problems.at(item.value("name").get(), "a name is lower-case letters, digits, '.', '_' or '-' (at most 63), but was \""
                    + name + "\"");
            return false;
        }
        if (!names.add(name)) {
            problems.at(item.value("name").get(), "the name \"" + name + "\" is used twice in the environment");
            return false;
        }
        return true;
    }

    /** HOST:PORT with a numeric host (or localhost), resolved here once and for all. */
    private Optional<InetSocketAddress> address(Node node, String text) {
        int colon = text.lastIndexOf(':');
        String host = colon > 0 ? text.substring(0, colon) : "";
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        boolean numeric = host.equals("localhost") || host.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}") || host.contains(":");
        String portText = colon > 0 ? text.substring(colon + 1) : "";
        if (!numeric || !portText.matches("[0-9]{1,5}") || Integer.parseInt(portText) > 65_535) {
            problems.at(node, "an address is IP:PORT (or localhost:PORT), e.g. 127.0.0.1:9000, but was \"" + text + "\"");
            return Optional.empty();
        }
        try {
            return Optional.of(new InetSocketAddress(InetAddress.getByName(host), Integer.parseInt(portText)));
        } catch (java.net.UnknownHostException e) {
            problems.at(node, "\"" + host + "\" is not an address");
            return Optional.empty();
        }
    }

    private Optional<URI> httpUrl(Node node, String key, String text) {
        try {
            URI uri = new URI(text);
            if (uri.getScheme() != null && (uri.getScheme().equals("http") || uri.getScheme().equals("https")) && uri.getHost() != null) {
                return Optional.of(uri);
            }
        } catch (URISyntaxException ignored) {
            // reported below
        }
        problems.at(node, key + " must be an http:// or https:// URL, but was \"" + text + "\"");
        return Optional.empty();
    }

    private static String text(InetSocketAddress address) {
        return address.getAddress().getHostAddress() + ":" + address.getPort();
    }
}
