package dev.kunren.http;

import java.util.Map;

/**
 * A response as {@link Http1Client} read it.
 *
 * @param servedBy  the instance that answered (Kunren's {@code X-Served-By} header), or null
 * @param keepAlive whether the connection may carry another request
 * @param headers   every header field, names in lower case (a repeated field's values joined)
 */
public record HttpResult(int status, byte[] body, String contentType, String servedBy, boolean keepAlive, Map<String, String> headers) {

    public HttpResult {
        headers = java.util.Collections.unmodifiableMap(headers);  // made for this response alone: not copied on the hot path
    }

    /** A header field's value, by its name in any case. */
    public java.util.Optional<String> header(String name) {
        return java.util.Optional.ofNullable(headers.get(name.toLowerCase(java.util.Locale.ROOT)));
    }
}
