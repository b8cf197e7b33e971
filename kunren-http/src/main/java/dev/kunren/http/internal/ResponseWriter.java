package dev.kunren.http.internal;

import dev.kunren.http.Response;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** Writes responses to a connection: a head, then a body of known length or a chunked stream. */
public final class ResponseWriter {

    private final OutputStream out;
    private final OpenConnection connection;
    private final Duration writeTimeout;

    public ResponseWriter(OutputStream out, OpenConnection connection, Duration writeTimeout) {
        this.out = out;
        this.connection = connection;
        this.writeTimeout = writeTimeout;
    }

    /**
     * Writes {@code response}; {@code close} adds {@code Connection: close}, {@code headOnly}
     * leaves the body out (HEAD), {@code http10} sends a stream without chunking, ended by closing.
     */
    public void write(Response response, boolean close, boolean headOnly, boolean http10) throws IOException, InterruptedException {
        boolean noBody = response.status() == 204 || response.status() == 304 || response.status() < 200;
        boolean streaming = response.stream() != null && !headOnly && !noBody;
        StringBuilder head = new StringBuilder(160).append("HTTP/1.1 ").append(response.status()).append(' ')
                .append(Reasons.of(response.status())).append("\r\n");
        if (response.contentType() != null) {
            head.append("Content-Type: ").append(response.contentType()).append("\r\n");
        }
        response.headers().forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        if (streaming) {
            head.append(http10 ? "" : "Transfer-Encoding: chunked\r\n");
        } else if (!noBody) {
            head.append("Content-Length: ").append(response.body().length).append("\r\n");
        }
        if (close || (streaming && http10)) {
            head.append("Connection: close\r\n");
        } else if (http10) {
            head.append("Connection: keep-alive\r\n");
        }
        connection.limit(writeTimeout);
        out.write(head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
        if (streaming) {
            out.flush();
            connection.unlimited();
            OutputStream body = http10 ? new TimedOutput(out) : new ChunkedOutput(out);
            response.stream().writeTo(body);
            connection.limit(writeTimeout);
            body.close();
        } else if (!headOnly && !noBody) {
            out.write(response.body());
        }
        out.flush();
    }

    /** Each flush of a stream is a write the client must take in time; between flushes the stream may wait. */
    private class TimedOutput extends OutputStream {
        final OutputStream target;

        TimedOutput(OutputStream target) {
            this.target = target;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            connection.limit(writeTimeout);
            target.write(bytes, offset, length);
            connection.unlimited();
        }

        @Override
        public void flush() throws IOException {
            connection.limit(writeTimeout);
            target.flush();
            connection.unlimited();
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }

    /** A stream's bytes as HTTP/1.1 chunks: one chunk per flush (or per 8 KB), the last chunk at close. */
    private final class ChunkedOutput extends TimedOutput {
        private final byte[] pending = new byte[8192];
        private int size;
        private boolean closed;

        ChunkedOutput(OutputStream target) {
            super(target);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            while (length > 0) {
                int take = Math.min(length, pending.length - size);
                System.arraycopy(bytes, offset, pending, size, take);
                size += take;
                offset += take;
                length -= take;
                if (size == pending.length) {
                    chunk();
                }
            }
        }

        private void chunk() throws IOException {
            if (size == 0) {
                return;
            }
            connection.limit(writeTimeout);
            target.write((Integer.toHexString(size) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            target.write(pending, 0, size);
            target.write(CRLF);
            size = 0;
        }

        @Override
        public void flush() throws IOException {
            chunk();
            super.flush();
        }

        @Override
        public void close() throws IOException {
            if (!closed) {
                closed = true;
                chunk();
                connection.limit(writeTimeout);
                target.write(LAST_CHUNK);
                super.flush();
            }
        }
    }

    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] LAST_CHUNK = "0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
}
