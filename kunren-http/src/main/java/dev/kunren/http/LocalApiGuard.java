package dev.kunren.http;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Keeps an API that drives this machine (the proxy API, a drill's console API) for its owner and
 * the owner's tools, not for whatever web page the owner has open:
 * <ul>
 * <li>the Host must name this server by an address, {@code localhost}, this machine's name, or a
 *     name allowed explicitly, with this server's port: a DNS-rebinding page names its own domain;</li>
 * <li>a browser's request from another site is refused: browsers mark every request with
 *     {@code Sec-Fetch-Site} and state changes with {@code Origin}, which tools such as curl or
 *     the Toxiproxy clients never send;</li>
 * <li>with a token, every request must present it: {@code Authorization: Bearer TOKEN}, {@code X-Kunren-Token},
 *     or as the password of {@code Authorization: Basic} (what a webhook that only takes
 *     {@code https://user:password@host/} URLs, such as Mackerel's, can send).</li>
 * </ul>
 */
public final class LocalApiGuard {

    public static final String TOKEN_HEADER = "X-Kunren-Token";
    private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS");

    /** Why a request was refused, with the status to answer. */
    public record Refusal(int status, String reason) {
    }

    private final int port;
    private final InetAddress address;
    private final boolean anyAddress;
    private final Set<String> hosts = new HashSet<>();
    private final byte[] token;

    /**
     * @param listening  the address the server listens on (its real port)
     * @param extraHosts further names clients may use (a reverse proxy's, a DNS name of this machine)
     * @param token      the secret every request must carry, or empty for none
     */
    public LocalApiGuard(InetSocketAddress listening, Set<String> extraHosts, Optional<String> token) {
        this.port = listening.getPort();
        this.address = listening.getAddress();
        this.anyAddress = address.isAnyLocalAddress();
        hosts.add("localhost");
        if (anyAddress || !address.isLoopbackAddress()) {
            try {
                InetAddress self = InetAddress.getLocalHost();
                hosts.add(self.getHostName().toLowerCase(Locale.ROOT));
                hosts.add(self.getCanonicalHostName().toLowerCase(Locale.ROOT));
            } catch (UnknownHostException ignored) {
                // a machine without a resolvable name is reached by address
            }
        }
        extraHosts.forEach(h -> hosts.add(h.toLowerCase(Locale.ROOT)));
        this.token = token.filter(t -> !t.isEmpty()).map(t -> t.getBytes(StandardCharsets.UTF_8)).orElse(null);
    }

    /** A guard with no extra names and no token. */
    public static LocalApiGuard of(InetSocketAddress listening) {
        return new LocalApiGuard(listening, Set.of(), Optional.empty());
    }

    public boolean requiresToken() {
        return token != null;
    }

    /** Empty when the request may proceed. */
    public Optional<Refusal> check(Request request) {
        String host = request.header("host");
        if (host != null && !knownHost(host)) {
            return Optional.of(new Refusal(421, "this API answers only to its own address (Host " + host
                    + " is not one); start it with --allow-host NAME to add a name"));
        }
        String site = request.header("sec-fetch-site");
        if (site != null && !site.equals("same-origin") && !site.equals("none")) {
            return Optional.of(new Refusal(403, "cross-site request refused: this API is not for web pages"));
        }
        String origin = request.header("origin");
        if (origin != null && !SAFE.contains(request.method()) && !sameOrigin(origin, host)) {
            return Optional.of(new Refusal(403, "cross-site request refused: this API is not for web pages"));
        }
        if (token != null && !tokenPresented(request)) {
            return Optional.of(new Refusal(401, "this API needs its token: send Authorization: Bearer TOKEN (or "
                    + TOKEN_HEADER + ")"));
        }
        return Optional.empty();
    }

    private boolean knownHost(String hostHeader) {
        String name;
        int hostPort;
        try {
            URI uri = new URI("http://" + hostHeader + "/");
            name = uri.getHost();
            hostPort = uri.getPort() < 0 ? 80 : uri.getPort();
        } catch (java.net.URISyntaxException e) {
            return false;
        }
        if (name == null || hostPort != port) {
            return false;
        }
        name = name.toLowerCase(Locale.ROOT);
        if (name.startsWith("[") && name.endsWith("]")) {
            name = name.substring(1, name.length() - 1);
        }
        if (isAddressLiteral(name)) {
            // a page can rebind a name, never an address
            try {
                InetAddress named = InetAddress.getByName(name);
                return anyAddress || named.equals(address) || (address.isLoopbackAddress() && named.isLoopbackAddress());
            } catch (UnknownHostException e) {
                return false;
            }
        }
        return hosts.contains(name);
    }

    /** Only digits and dots (IPv4) or a colon (IPv6): {@code getByName} then parses, never resolves. */
    private static String basicPassword(String encoded) {
        try {
            String pair = new String(java.util.Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
            int colon = pair.indexOf(':');
            return colon < 0 ? null : pair.substring(colon + 1);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static boolean isAddressLiteral(String name) {
        return name.matches("[0-9.]+") || name.contains(":");
    }

    private static boolean sameOrigin(String origin, String host) {
        try {
            String authority = URI.create(origin).getRawAuthority();
            return authority != null && authority.equalsIgnoreCase(host);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private boolean tokenPresented(Request request) {
        return presents(request, token);
    }

    /**
     * Whether the request presents {@code token} (compared in constant time): as
     * {@code Authorization: Bearer}, the {@code X-Kunren-Token} header, or the password of
     * {@code Authorization: Basic}.
     */
    public static boolean presents(Request request, byte[] token) {
        String presented = request.header(TOKEN_HEADER);
        String authorization = request.header("authorization");
        if (presented == null && authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            presented = authorization.substring(7).strip();
        } else if (presented == null && authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            presented = basicPassword(authorization.substring(6).strip());
        }
        return presented != null && token != null && MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8), token);
    }
}
