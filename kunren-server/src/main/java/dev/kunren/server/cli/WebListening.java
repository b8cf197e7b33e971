package dev.kunren.server.cli;

import dev.kunren.engine.KunrenException;
import dev.kunren.http.ServerLimits;
import dev.kunren.http.tls.PemFiles;
import dev.kunren.http.tls.SelfSigned;
import dev.kunren.http.tls.ServerTls;
import dev.kunren.http.tls.TlsException;
import dev.kunren.server.web.WebServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * Where and how the web app listens, shared by {@code serve} and {@code demo}: address and port,
 * HTTPS (PEM files or a self-signed certificate kept under runs/tls), behind a reverse proxy or
 * not, and the links people on other machines can open.
 */
final class WebListening {

    static final Path SELF_SIGNED_STORE = Path.of("runs", "tls", "self-signed.p12");

    @Option(names = "--host", defaultValue = "127.0.0.1", paramLabel = "ADDRESS",
            description = "Address to listen on: 127.0.0.1 (default, this machine only), 0.0.0.0 (every network), or one address.")
    String host;

    @Option(names = "--port", defaultValue = "8080", paramLabel = "PORT", description = "Port (default: 8080).")
    int port;

    @Option(names = "--tls-cert", paramLabel = "FILE", description = "Serve HTTPS with this certificate chain (PEM).")
    Path tlsCert;

    @Option(names = "--tls-key", paramLabel = "FILE", description = "The certificate's private key (PEM).")
    Path tlsKey;

    @Option(names = "--tls-self-signed", description = "Serve HTTPS with a self-signed certificate, made once and kept in "
            + "runs/tls; its SHA-256 fingerprint is printed for people to compare.")
    boolean tlsSelfSigned;

    @Option(names = "--trust-proxy", description = "A reverse proxy stands in front: believe its X-Forwarded-Proto, "
            + "-Host and -For headers (never without this).")
    boolean trustProxy;

    @Option(names = "--max-connections-per-address", defaultValue = "256", paramLabel = "N",
            description = "Open connections one client address may hold (default: 256; raise it for a big room behind one NAT).")
    int perAddress;

    /** The usage checks, before anything is opened. */
    void check(CommandSpec spec) {
        if (port < 0 || port > 65535) {
            throw new ParameterException(spec.commandLine(), "--port must be within 0..65535, but was " + port);
        }
        if ((tlsCert == null) != (tlsKey == null)) {
            throw new ParameterException(spec.commandLine(), "--tls-cert and --tls-key go together");
        }
        if (tlsCert != null && tlsSelfSigned) {
            throw new ParameterException(spec.commandLine(), "choose --tls-cert/--tls-key or --tls-self-signed, not both");
        }
        if (perAddress < 1) {
            throw new ParameterException(spec.commandLine(), "--max-connections-per-address must be at least 1");
        }
        address(spec);
    }

    private InetAddress address(CommandSpec spec) {
        try {
            return InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new ParameterException(spec.commandLine(), "--host " + host + " is not an address of this machine");
        }
    }

    /** The certificate to serve, if HTTPS was asked for; a bad file is an error naming it. */
    Optional<ServerTls> tls(CommandSpec spec) {
        try {
            if (tlsCert != null) {
                return Optional.of(PemFiles.load(tlsCert, tlsKey));
            }
            if (tlsSelfSigned) {
                List<String> names = new ArrayList<>(List.of("localhost"));
                localName().ifPresent(names::add);
                List<String> addresses = new ArrayList<>(List.of("127.0.0.1"));
                reachableAddresses(address(spec)).forEach(a -> addresses.add(a.getHostAddress()));
                return Optional.of(SelfSigned.load(SELF_SIGNED_STORE, names, addresses.stream().distinct().toList()));
            }
            return Optional.empty();
        } catch (TlsException e) {
            throw new KunrenException(e.getMessage(), e);
        }
    }

    /** Starts {@code server} as asked; a port in use is one clear line. */
    void start(WebServer server, Optional<ServerTls> tls, CommandSpec spec) {
        InetSocketAddress address = new InetSocketAddress(address(spec), port);
        ServerLimits limits = ServerLimits.forPeople(256 * 1024).withMaxConnectionsPerAddress(perAddress);
        try {
            server.start(address, limits, tls.map(ServerTls::context).orElse(null), trustProxy);
        } catch (IOException e) {
            throw new KunrenException("cannot listen on " + host + ":" + port + ": " + e.getMessage()
                    + "; choose another --port", e);
        }
    }

    /**
     * The base URLs people can open: each address of this machine on its networks when listening
     * on all of them (this machine's own loopback last), else the one address listened on.
     */
    List<String> links(WebServer server) {
        InetSocketAddress bound = server.address();
        String scheme = server.secure() ? "https" : "http";
        List<String> links = new ArrayList<>();
        for (InetAddress address : reachableAddresses(bound.getAddress())) {
            links.add(url(scheme, address, bound.getPort()));
        }
        if (bound.getAddress().isAnyLocalAddress() || bound.getAddress().isLoopbackAddress()) {
            links.add(url(scheme, InetAddress.getLoopbackAddress(), bound.getPort()));
        }
        return links;
    }

    /** Prints the certificate's fingerprint for people to compare with their browser's warning. */
    static void printFingerprint(PrintWriter out, Optional<ServerTls> tls, boolean selfSigned) {
        tls.ifPresent(t -> out.println((selfSigned ? "Self-signed certificate" : "Certificate") + " SHA-256 fingerprint: "
                + t.fingerprint() + (selfSigned ? "  (browsers warn once; compare this before accepting)" : "")));
    }

    private static String url(String scheme, InetAddress address, int port) {
        String host = address instanceof java.net.Inet6Address ? "[" + compressed(address) + "]" : address.getHostAddress();
        return scheme + "://" + host + ":" + port + "/";
    }

    /** An IPv6 address as people write it: the longest run of zero groups as "::", no zone. */
    static String compressed(InetAddress address) {
        byte[] bytes = address.getAddress();
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((bytes[2 * i] & 0xff) << 8) | (bytes[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                text.append("::");
                i += bestLength - 1;
                continue;
            }
            if (!text.isEmpty() && text.charAt(text.length() - 1) != ':') {
                text.append(':');
            }
            text.append(Integer.toHexString(groups[i]));
        }
        return text.toString();
    }

    /** Non-loopback addresses people elsewhere can reach: all of this machine's (IPv4 first) for a wildcard. */
    private static List<InetAddress> reachableAddresses(InetAddress bound) {
        if (!bound.isAnyLocalAddress()) {
            return bound.isLoopbackAddress() ? List.of() : List.of(bound);
        }
        List<InetAddress> found = new ArrayList<>();
        try {
            for (NetworkInterface network : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!network.isUp() || network.isLoopback()) {
                    continue;
                }
                for (InetAddress address : Collections.list(network.getInetAddresses())) {
                    if (!address.isLinkLocalAddress() && !address.isLoopbackAddress()) {
                        found.add(address);
                    }
                }
            }
        } catch (SocketException e) {
            return List.of();
        }
        found.sort((a, b) -> Boolean.compare(!(a instanceof Inet4Address), !(b instanceof Inet4Address)));
        return found;
    }

    private static Optional<String> localName() {
        try {
            String name = InetAddress.getLocalHost().getHostName();
            return name.isBlank() || name.equals("localhost") ? Optional.empty() : Optional.of(name);
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }
}
