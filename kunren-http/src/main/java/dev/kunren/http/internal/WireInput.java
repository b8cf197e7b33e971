package dev.kunren.http.internal;

import dev.kunren.http.HttpException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * A connection's input with its own buffer, read by one thread: lines of a head byte by byte
 * without a lock per byte, bodies in bulk. Every limit is checked before bytes are kept.
 */
public final class WireInput {

    private final InputStream in;
    private final byte[] buffer;
    private int position;
    private int limit;

    public WireInput(InputStream in, int bufferSize) {
        this.in = in;
        this.buffer = new byte[bufferSize];
    }

    /** Waits for the next byte without taking it; false at the end of the stream. */
    public boolean awaitByte() throws IOException {
        return position < limit || fill() > 0;
    }

    private int fill() throws IOException {
        int n = in.read(buffer, 0, buffer.length);
        position = 0;
        limit = Math.max(n, 0);
        return n;
    }

    /**
     * A line without its CRLF (a bare LF is accepted too); null at the end of the stream before
     * any byte. A line longer than {@code max} bytes is an {@code HttpException} with
     * {@code tooLongStatus}.
     */
    public String readLine(int max, int tooLongStatus) throws IOException {
        StringBuilder line = null;
        int start = position;
        while (true) {
            for (int i = position; i < limit; i++) {
                if (buffer[i] == '\n') {
                    int end = i;
                    String text = text(line, start, end);
                    position = i + 1;
                    if (text.length() > max) {
                        throw new HttpException(tooLongStatus, "a line of " + text.length() + " bytes is longer than " + max);
                    }
                    return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
                }
            }
            if (line == null) {
                line = new StringBuilder(Math.max(16, limit - start));
            }
            line.append(new String(buffer, start, limit - start, StandardCharsets.ISO_8859_1));
            if (line.length() > max) {
                throw new HttpException(tooLongStatus, "a line longer than " + max + " bytes");
            }
            if (fill() <= 0) {
                if (line.isEmpty()) {
                    return null;
                }
                throw new HttpException(400, "the connection closed in the middle of a line");
            }
            start = 0;
        }
    }

    private String text(StringBuilder carried, int start, int end) {
        String tail = new String(buffer, start, end - start, StandardCharsets.ISO_8859_1);
        return carried == null ? tail : carried.append(tail).toString();
    }

    /** Exactly {@code n} bytes; the stream ending before them is an {@code IOException}. */
    public byte[] readExactly(int n) throws IOException {
        byte[] bytes = new byte[n];
        int done = 0;
        while (done < n) {
            if (position == limit && fill() <= 0) {
                throw new HttpException(400, "the connection closed after " + done + " of " + n + " body bytes");
            }
            int take = Math.min(n - done, limit - position);
            System.arraycopy(buffer, position, bytes, done, take);
            position += take;
            done += take;
        }
        return bytes;
    }

    /** Up to {@code max} bytes until the stream ends (a body without a length). */
    public byte[] readToEnd(int max) throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        while (position < limit || fill() > 0) {
            int take = limit - position;
            if (out.size() + take > max) {
                throw new HttpException(413, "a body longer than " + max + " bytes");
            }
            out.write(buffer, position, take);
            position = limit;
        }
        return out.toByteArray();
    }
}
