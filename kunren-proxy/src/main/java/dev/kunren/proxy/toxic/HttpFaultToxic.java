package dev.kunren.proxy.toxic;

import dev.kunren.proxy.Connection;
import dev.kunren.proxy.Toxic;
import dev.kunren.proxy.ToxicLink;
import java.util.Random;

/**
 * HTTP-aware faults on an HTTP/1.1 link: for a share ({@code percent}) of the requests whose
 * method and path prefix match, answer with a status code, drop the connection, or delay the
 * request. Sits on the upstream stream, where requests flow.
 */
record HttpFaultToxic(ToxicType type, long status, long delayMs, long percent, String method, String pathPrefix,
                      Random random) implements Toxic {

    @Override
    public Stream stream() {
        return Stream.UPSTREAM;
    }

    @Override
    public ToxicLink link(Connection connection) {
        return new HttpRequestLink(this, connection);
    }

    /** Whether this request is one the fault hits: it matches, and the dice say so. */
    boolean hits(String requestMethod, String requestPath) {
        if (!method.isEmpty() && !method.equalsIgnoreCase(requestMethod)) {
            return false;
        }
        if (!pathPrefix.isEmpty() && !requestPath.startsWith(pathPrefix)) {
            return false;
        }
        synchronized (random) {
            return random.nextInt(100) < percent;
        }
    }

    byte[] response() {
        String body = "{\"error\":\"injected by kunren\",\"status\":" + status + "}";
        return ("HTTP/1.1 " + status + " Injected Fault\r\nContent-Type: application/json\r\nContent-Length: " + body.length()
                + "\r\nX-Kunren-Fault: " + type.key() + "\r\n\r\n" + body).getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    }
}
