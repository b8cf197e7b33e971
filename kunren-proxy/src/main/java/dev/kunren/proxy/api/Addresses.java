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
        InetSocketAddress address = new InetSocketAddress(host.isEmpty() ? "0.0.0.0" : host, port);
        if (address.isUnresolved()) {
            throw new ApiException(400, field + " host \"" + host + "\" cannot be resolved");
        }
        return address;
    }

    static String format(InetSocketAddress address) {
        String host = address.getAddress() != null ? address.getAddress().getHostAddress() : address.getHostString();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
    }
}
