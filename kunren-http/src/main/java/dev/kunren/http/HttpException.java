package dev.kunren.http;

import java.io.IOException;

/**
 * A message that breaks HTTP/1.1's rules or Kunren's limits, with the status a server answers it
 * with (400, 408, 413, 431, 501, 505). A client reading a malformed response gets one too: like
 * any {@link IOException}, it ends that connection and fails that request, never more.
 */
public final class HttpException extends IOException {

    private final int status;

    public HttpException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
