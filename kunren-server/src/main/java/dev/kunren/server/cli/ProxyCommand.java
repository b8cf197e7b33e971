package dev.kunren.server.cli;

import dev.kunren.proxy.TcpProxy;
import dev.kunren.proxy.api.ApiException;
import dev.kunren.proxy.api.ProxyConfig;
import dev.kunren.proxy.api.ProxyConfigFile;
import dev.kunren.proxy.api.ProxyRegistry;
import dev.kunren.proxy.api.ToxiproxyApi;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code kunren proxy}: the fault proxy on its own, speaking Toxiproxy's API with
 * toxiproxy-server's defaults. Runs until stopped; stopping closes every listener and drops every
 * toxic, so nothing it injected outlives it.
 */
@Command(name = "proxy", mixinStandardHelpOptions = true,
        description = "Run the fault proxy with a Toxiproxy-compatible HTTP API until stopped (Ctrl-C).")
final class ProxyCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address of the HTTP API (default: 127.0.0.1).")
    String host;

    @Option(names = "--port", defaultValue = "8474", description = "Port of the HTTP API (default: 8474; 0 picks a free one).")
    int port;

    @Option(names = "--token", defaultValue = "${env:KUNREN_PROXY_TOKEN}", paramLabel = "TOKEN",
            description = "A secret every API request must present (Authorization: Bearer TOKEN or X-Kunren-Token); "
                    + "default: $KUNREN_PROXY_TOKEN, else none, as toxiproxy-server (its clients send no token).")
    String token;

    @Option(names = "--allow-host", paramLabel = "NAME",
            description = "A further name clients may use for this machine in the API's URL (repeat for several).")
    List<String> allowedHosts = new java.util.ArrayList<>();

    @Option(names = "--config", paramLabel = "FILE", description = "JSON array of proxies to create at start, as toxiproxy-server's.")
    Path config;

    @Option(names = "--max-proxies", defaultValue = "1000", paramLabel = "N",
            description = "Proxies this server holds at most (default: 1000); one more is refused with 409.")
    int maxProxies;

    @Option(names = "--max-connections", defaultValue = "4096", paramLabel = "N",
            description = "Open connections each proxy holds at most (default: 4096); one more is closed at once.")
    int maxConnections;

    @Option(names = "--event-loops", paramLabel = "N",
            description = "Threads moving the connections no toxic touches (default: one per two cores, at least one: "
                    + "the proxy shares its host with the service and its load).")
    Integer eventLoops;

    /**
     * The proxy's process on its own takes one event loop per two cores (at least one) unless told
     * otherwise: on two cores shared with the service and its load, one loop cost 13–16 µs of CPU
     * per request where one per core cost 23 (docs/benchmarks.md). Called where the process starts,
     * so a drill's process (and the tests' JVM) keeps one per core.
     */
    static void defaultEventLoops() {
        if (System.getProperty(TcpProxy.EVENT_LOOPS_PROPERTY) == null) {
            System.setProperty(TcpProxy.EVENT_LOOPS_PROPERTY, String.valueOf(Math.max(1, Runtime.getRuntime().availableProcessors() / 2)));
        }
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (eventLoops != null) {
            if (eventLoops < 1) {
                throw new ParameterException(spec.commandLine(), "--event-loops is at least 1, but was " + eventLoops);
            }
            System.setProperty(TcpProxy.EVENT_LOOPS_PROPERTY, String.valueOf(eventLoops));  // before the first proxy
        }
        // on its own, the proxy tells which toxic fired where (in a drill that would drown the progress panel)
        System.setProperty("org.slf4j.simpleLogger.log.dev.kunren.proxy", "info");
        PrintWriter out = spec.commandLine().getOut();
        if (port < 0 || port > 65_535) {
            throw new ParameterException(spec.commandLine(), "--port must be within 0..65535, but was " + port);
        }
        if (config != null && !Files.isRegularFile(config)) {
            throw new ParameterException(spec.commandLine(), "no such config file: " + config);
        }
        List<ProxyConfig> proxies;
        try {
            proxies = config == null ? List.of() : ProxyConfigFile.read(config);
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("kunren proxy: " + e.getMessage());
            return 1;
        }
        if (maxProxies < 1 || maxConnections < 1) {
            throw new ParameterException(spec.commandLine(), "--max-proxies and --max-connections are at least 1");
        }
        ProxyRegistry registry = new ProxyRegistry(new Random(), maxProxies, maxConnections);
        ToxiproxyApi api;
        try {
            registry.populate(proxies);
            api = new ToxiproxyApi(new InetSocketAddress(host, port), registry, java.util.Set.copyOf(allowedHosts),
                    java.util.Optional.ofNullable(token).filter(t -> !t.isBlank()));
        } catch (ApiException | IOException e) {
            registry.close();
            spec.commandLine().getErr().println("kunren proxy: " + e.getMessage());
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            api.close();
            registry.close();
            stopped.countDown();
        }, "kunren-proxy-stop"));
        out.println("kunren proxy: API on " + api.address().getHostString() + ":" + api.address().getPort()
                + ", " + registry.all().size() + " proxies" + (config == null ? "" : " from " + config)
                + (token == null || token.isBlank() ? "" : ", token required")
                + ". Web pages cannot drive it (cross-site and foreign Host refused). Ctrl-C stops it and closes every proxy.");
        out.flush();
        stopped.await();
        return 0;
    }
}
