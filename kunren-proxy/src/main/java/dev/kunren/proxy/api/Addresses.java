package dev.kunren.proxy.api;

import java.net.InetSocketAddress;

/** {@code host:port} as Toxiproxy writes addresses. */
final class Addresses {

    private Addresses() {
    }

    static InetSocketAddress parse(String field, String text) {
        if (text == null || text.isBlank()) {
            throw new ApiException(400, "missing required field: " + field);
        }
        int colon = text.lastIndexOf(':');
        if (colon < 0) {
            throw new ApiException(400, field + " must be host:port, but was \"" + text + "\"");
        }
        String host = text.substring(0, colon);
        int port;
        try {
            port = Integer.parseInt(text.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new ApiException(400, field + " port must be a number, but was \"" + text.substring(colon + 1) + "\"");
        }
        if (port < 0 || port > 65_535) {
            throw new ApiException(400, field + " port must be within 0..65535, but was " + port);
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (!host.isEmpty() && !host.equalsIgnoreCase("localhost") && !numeric(host)) {
            throw new ApiException(400, field + " host must be an address (127.0.0.1, ::1) or localhost, not \"" + host
                    + "\": the proxy looks up no names");
        }
        // numeric (or localhost): made into an address here, once, without asking a resolver
        InetSocketAddress address = new InetSocketAddress(host.isEmpty() ? "0.0.0.0" : host, port);
        if (address.isUnresolved()) {
            throw new ApiException(400, field + " host \"" + host + "\" is not an address");
        }
        return address;
    }

    private static boolean numeric(String host) {
        return host.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}") || host.matches("[0-9A-Fa-f:.]+") && host.contains(":");
    }

    /**
     * Whether connecting to {@code upstream} would reach {@code listen} itself: the same port, and
     * the upstream one of this machine's addresses where the listener takes connections.
     */
    static boolean sameEndpoint(InetSocketAddress listen, InetSocketAddress upstream) {
        if (listen.getPort() == 0 || listen.getPort() != upstream.getPort()) {
            return false;
        }
        java.net.InetAddress to = upstream.getAddress();
        java.net.InetAddress on = listen.getAddress();
        if (to.equals(on)) {
            return true;
        }
        if (!on.isAnyLocalAddress()) {
            return false;
        }
        try {
            return to.isAnyLocalAddress() || to.isLoopbackAddress() || java.net.NetworkInterface.getByInetAddress(to) != null;
        } catch (java.net.SocketException e) {
            return true;  // cannot tell: refusing a loop is safer than relaying to one
        }
    }

    static String format(InetSocketAddress address) {
        String host = address.getAddress() != null ? address.getAddress().getHostAddress() : address.getHostString();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
    }
}
