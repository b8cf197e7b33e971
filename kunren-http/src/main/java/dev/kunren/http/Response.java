package dev.kunren.http;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A response: a status, a content type, extra header fields, and either a body of known length
 * or a {@link Stream} written as it comes (server-sent events), chunked.
 */
public record Response(int status, String contentType, byte[] body, Map<String, String> headers, Stream stream) {

    /** A body written as it is produced; each {@code flush()} sends what was written so far. */
    @FunctionalInterface
    public interface Stream {
        void writeTo(OutputStream out) throws IOException, InterruptedException;
    }

    public Response(int status, String contentType, byte[] body, Map<String, String> headers) {
        this(status, contentType, body, headers, null);
    }

    public static Response json(int status, String json) {
        return new Response(status, "application/json", json.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    public static Response text(int status, String text) {
        return new Response(status, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    public static Response streaming(int status, String contentType, Map<String, String> headers, Stream stream) {
        return new Response(status, contentType, new byte[0], headers, stream);
    }

    public Response withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new Response(status, contentType, body, more, stream);
    }
}
