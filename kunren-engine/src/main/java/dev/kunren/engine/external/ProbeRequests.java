package dev.kunren.engine.external;

import dev.kunren.engine.scenario.ExternalEnvironment.Probe;
import dev.kunren.engine.traffic.RequestOutcome;
import dev.kunren.engine.traffic.Requests;
import dev.kunren.http.Http1Client;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Random;

/**
 * One probe's requests: the same request to the team's service again and again, a success when
 * it answers the expected status in time. The host is looked up once, when the drill starts.
 */
final class ProbeRequests implements Requests {

    private static final byte[] NO_BODY = new byte[0];

    private final Probe probe;
    private final Http1Client client;
    private final Http1Client.Target target;
    private final String path;
    private final Map<String, String> headers;

    ProbeRequests(Probe probe, Http1Client client) throws IOException {
        this.probe = probe;
        this.client = client;
        boolean tls = probe.url().getScheme().equals("https");
        int port = probe.url().getPort() >= 0 ? probe.url().getPort() : tls ? 443 : 80;
        InetAddress address;
        try {
            address = InetAddress.getByName(probe.url().getHost());
        } catch (java.net.UnknownHostException e) {
            throw new IOException("probe " + probe.name() + ": cannot find host " + probe.url().getHost(), e);
        }
        this.target = new Http1Client.Target(new InetSocketAddress(address, port), probe.url().getHost(), tls);
        String rawPath = probe.url().getRawPath() == null || probe.url().getRawPath().isEmpty() ? "/" : probe.url().getRawPath();
        this.path = rawPath + (probe.url().getRawQuery() == null ? "" : "?" + probe.url().getRawQuery());
        this.headers = Map.of("User-Agent", "kunren-probe/" + probe.name());
    }

    @Override
    public Object pick(Random random) {
        return probe;
    }

    @Override
    public RequestOutcome send(Object request, long startNanos) throws IOException {
        int status = client.send(target, probe.method(), path, NO_BODY, null, headers, probe.timeout()).status();
        long latency = System.nanoTime() - startNanos;
        boolean late = latency > probe.timeout().toNanos();
        return new RequestOutcome(probe.name(), status, latency, status != probe.expectStatus() || late);
    }

    @Override
    public RequestOutcome broken(Object request, long startNanos) {
        return new RequestOutcome(probe.name(), 0, System.nanoTime() - startNanos, true);
    }
}
