package dev.kunren.http;

/**
 * A response as {@link Http1Client} read it.
 *
 * @param servedBy  the instance that answered (Kunren's {@code X-Served-By} header), or null
 * @param keepAlive whether the connection may carry another request
 */
public record HttpResult(int status, byte[] body, String contentType, String servedBy, boolean keepAlive) {
}
