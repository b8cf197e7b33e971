package dev.kunren.shop.http;

import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** Reading HTTP/1.1 heads: lines ending in CRLF, and headers with lower-case names. */
final class HttpLines {

    private HttpLines() {
    }

    /** A line without its CRLF (or LF); null at the end of the stream. */
    static String readLine(InputStream in, int max) throws IOException {
        StringBuilder line = new StringBuilder(64);
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                int end = line.length();
                if (end > 0 && line.charAt(end - 1) == '\r') {
                    line.setLength(end - 1);
                }
                return line.toString();
            }
            if (line.length() > max) {
                throw new IOException("HTTP line too long");
            }
            line.append((char) c);
        }
        return line.isEmpty() ? null : line.toString();
    }

    /** Headers up to the blank line, names in lower case; a repeated header keeps its last value. */
    static Map<String, String> readHeaders(InputStream in, int max) throws IOException {
        Map<String, String> headers = new HashMap<>();
        int total = 0;
        String line;
        while ((line = readLine(in, max)) != null && !line.isEmpty()) {
            total += line.length();
            if (total > max) {
                throw new IOException("HTTP head too large");
            }
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
            }
        }
        return headers;
    }
}
