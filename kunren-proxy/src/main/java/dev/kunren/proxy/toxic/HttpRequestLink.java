package dev.kunren.proxy.toxic;

import dev.kunren.proxy.Connection;
import dev.kunren.proxy.ToxicLink;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Finds the requests in one connection's upstream bytes and applies an {@link HttpFaultToxic} to
 * each. It frames requests by their head and Content-Length; a request it cannot frame (a chunked
 * body, a head over 64 KB) makes it step aside and pass the rest of the connection unchanged.
 */
final class HttpRequestLink implements ToxicLink {

    private static final int MAX_HEAD = 64 * 1024;

    private final HttpFaultToxic fault;
    private final Connection connection;
    private final ByteArrayOutputStream head = new ByteArrayOutputStream();
    private long bodyLeft;
    private boolean swallowing;
    private boolean unframed;

    HttpRequestLink(HttpFaultToxic fault, Connection connection) {
        this.fault = fault;
        this.connection = connection;
    }

    @Override
    public boolean pass(byte[] data, int offset, int length, long arrived, ChunkWriter next)
            throws IOException, InterruptedException {
        int position = offset;
        int end = offset + length;
        while (position < end) {
            if (unframed) {
                next.write(data, position, end - position);
                return true;
            }
            if (bodyLeft > 0) {
                int n = (int) Math.min(bodyLeft, end - position);
                if (!swallowing) {
                    next.write(data, position, n);
                }
                bodyLeft -= n;
                position += n;
                continue;
            }
            int headEnd = headEnd(data, position, end);
            head.write(data, position, headEnd - position);
            position = headEnd;
            if (endsWithBlankLine()) {
                if (!onRequest(next)) {
                    return false;
                }
            } else if (head.size() > MAX_HEAD) {
                stepAside(next);
            }
        }
        return true;
    }

    /** Where the head being read ends in this chunk (just past CRLF CRLF), or the chunk's end. */
    private int headEnd(byte[] data, int from, int end) {
        byte[] seen = head.toByteArray();
        int tail = seen.length;
        for (int i = from; i < end; i++) {
            // the blank line may straddle chunks: look back into what is buffered
            if (data[i] == '\n' && byteAt(data, from, seen, tail, i - 1) == '\r'
                    && byteAt(data, from, seen, tail, i - 2) == '\n' && byteAt(data, from, seen, tail, i - 3) == '\r') {
                return i + 1;
            }
        }
        return end;
    }

    private static int byteAt(byte[] data, int from, byte[] seen, int tail, int index) {
        if (index >= from) {
            return data[index];
        }
        int back = tail - (from - index);
        return back >= 0 ? seen[back] : -1;
    }

    private boolean endsWithBlankLine() {
        byte[] bytes = head.toByteArray();
        int n = bytes.length;
        return n >= 4 && bytes[n - 4] == '\r' && bytes[n - 3] == '\n' && bytes[n - 2] == '\r' && bytes[n - 1] == '\n';
    }

    private boolean onRequest(ChunkWriter next) throws IOException, InterruptedException {
        byte[] bytes = head.toByteArray();
        head.reset();
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        String[] requestLine = text.substring(0, Math.max(0, text.indexOf("\r\n"))).split(" ");
        long contentLength = 0;
        for (String line : text.split("\r\n")) {
            String lower = line.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-length:")) {
                contentLength = length(line.substring(15).trim());
                // a length it cannot read: the request cannot be framed, so it passes as is and the upstream judges it
                unframed |= contentLength < 0;
            } else if (lower.startsWith("transfer-encoding:")) {
                unframed = true;
            }
        }
        boolean hit = !unframed && requestLine.length >= 2 && fault.hits(requestLine[0], requestLine[1]);
        bodyLeft = unframed ? 0 : contentLength;
        swallowing = false;
        if (!hit) {
            next.write(bytes, 0, bytes.length);
            return true;
        }
        switch (fault.type()) {
            case HTTP_STATUS -> {
                swallowing = true;
                connection.respondToClient(fault.response());
            }
            case HTTP_ABORT -> {
                connection.reset();
                return false;
            }
            default -> {
                TimeUnit.MILLISECONDS.sleep(fault.delayMs());
                next.write(bytes, 0, bytes.length);
            }
        }
        return true;
    }

    /** A Content-Length's value, or -1 when it is not a plain number of bytes. */
    static long length(String value) {
        if (value.isEmpty() || value.length() > 18 || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return -1;
        }
        return Long.parseLong(value);
    }

    private void stepAside(ChunkWriter next) throws IOException, InterruptedException {
        unframed = true;
        byte[] bytes = head.toByteArray();
        head.reset();
        next.write(bytes, 0, bytes.length);
    }
}
