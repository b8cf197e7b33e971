package dev.kunren.http;

import java.net.InetSocketAddress;
import java.util.Locale;
import java.util.Map;

/**
 * One request as the server read it.
 *
 * @param target  the path and query as sent, e.g. {@code /api/teams?x=1}
 * @param headers field names in lower case; a repeated field's values joined
 * @param remote  the peer's address and port
 * @param secure  whether it came over TLS
 */
public record Request(String method, String target, String version, Map<String, String> headers, byte[] body,
                      InetSocketAddress remote, boolean secure) {

    public Request(String method, String target, Map<String, String> headers, byte[] body) {
        this(method, target, "HTTP/1.1", headers, body, null, false);
    }

    /** The target without its query. */
    public String path() {
        int query = target.indexOf('?');
        return query < 0 ? target : target.substring(0, query);
    }

    /** The raw query after {@code ?}, or null. */
    public String rawQuery() {
        int query = target.indexOf('?');
        return query < 0 ? null : target.substring(query + 1);
    }

    public String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    /** Whether the client may send another request on this connection. */
    public boolean keepAlive() {
        String connection = headers.get("connection");
        if (version.equals("HTTP/1.0")) {
            return connection != null && connection.toLowerCase(Locale.ROOT).contains("keep-alive");
        }
        return connection == null || !connection.toLowerCase(Locale.ROOT).contains("close");
    }
}
