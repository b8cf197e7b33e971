package dev.kunren.http.internal;

import dev.kunren.http.HttpException;
import java.io.IOException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Reading the heads and bodies of HTTP/1.1 messages strictly: what RFC 9112 says a recipient
 * must reject (a space before a header's colon, folded lines, two different lengths, a length
 * beside chunking, a malformed length or chunk size) is an {@link HttpException}, never a
 * {@code NumberFormatException} or a guess.
 */
public final class Heads {

    /** The first line's parts. */
    public record StartLine(String method, String target, String version) {
    }

    private static final String TOKEN_CHARS = "!#$%&'*+-.^_`|~";

    private Heads() {
    }

    /** A request line, {@code METHOD SP target SP HTTP/1.x}; null at the end of the stream. */
    public static StartLine requestLine(WireInput in, int maxLine) throws IOException {
        String line = in.readLine(maxLine, 414);
        // a client may send empty lines between requests (RFC 9112 §2.2)
        for (int blank = 0; line != null && line.isEmpty(); blank++) {
            if (blank == 4) {
                throw new HttpException(400, "empty lines instead of a request");
            }
            line = in.readLine(maxLine, 414);
        }
        if (line == null) {
            return null;
        }
        int first = line.indexOf(' ');
        int last = line.lastIndexOf(' ');
        if (first <= 0 || last == first) {
            throw new HttpException(400, "a request line is METHOD TARGET HTTP/1.1");
        }
        String method = line.substring(0, first);
        String target = line.substring(first + 1, last);
        String version = line.substring(last + 1);
        if (!isToken(method)) {
            throw new HttpException(400, "a method is a token");
        }
        if (target.isEmpty() || !visible(target)) {
            throw new HttpException(400, "a request target has no spaces or control characters");
        }
        if (!version.equals("HTTP/1.1") && !version.equals("HTTP/1.0")) {
            throw new HttpException(version.startsWith("HTTP/") ? 505 : 400, "only HTTP/1.0 and HTTP/1.1 are spoken here");
        }
        return new StartLine(method, target, version);
    }

    /**
     * Header fields up to the blank line, names in lower case. A repeated field's values are
     * joined with ", " (with "; " for cookies), as RFC 9110 allows for list fields; a repeated
     * Host or Content-Length that disagrees is refused.
     */
    public static Map<String, String> headers(WireInput in, int maxHeadBytes, int maxFields) throws IOException {
        Map<String, String> headers = new HashMap<>();
        int total = 0;
        int fields = 0;
        while (true) {
            String line = in.readLine(maxHeadBytes, 431);
            if (line == null) {
                throw new HttpException(400, "the connection closed in the middle of a head");
            }
            if (line.isEmpty()) {
                return headers;
            }
            total += line.length() + 2;
            if (total > maxHeadBytes || ++fields > maxFields) {
                throw new HttpException(431, "the head is larger than " + maxHeadBytes + " bytes or " + maxFields + " fields");
            }
            char first = line.charAt(0);
            if (first == ' ' || first == '\t') {
                throw new HttpException(400, "folded header lines are not accepted");
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new HttpException(400, "a header field is NAME: VALUE");
            }
            String name = line.substring(0, colon);
            if (!isToken(name)) {
                throw new HttpException(400, "a header name is a token, with no space before its colon");
            }
            String value = line.substring(colon + 1).strip();
            if (!fieldValue(value)) {
                throw new HttpException(400, "a header value has no control characters");
            }
            add(headers, name.toLowerCase(Locale.ROOT), value);
        }
    }

    private static void add(Map<String, String> headers, String name, String value) throws HttpException {
        String earlier = headers.get(name);
        if (earlier == null) {
            headers.put(name, value);
        } else if (name.equals("host") || name.equals("content-length")) {
            if (!earlier.equals(value)) {
                throw new HttpException(400, "two different " + name + " fields");
            }
        } else {
            headers.put(name, earlier + (name.equals("cookie") ? "; " : ", ") + value);
        }
    }

    /** The Content-Length, -1 when absent; anything but digits is refused. */
    public static long contentLength(Map<String, String> headers) throws HttpException {
        String value = headers.get("content-length");
        if (value == null) {
            return -1;
        }
        if (value.isEmpty() || value.length() > 18) {
            throw new HttpException(400, "a Content-Length is a number of bytes");
        }
        for (int i = 0; i < value.length(); i++) {
            if (value.charAt(i) < '0' || value.charAt(i) > '9') {
                throw new HttpException(400, "a Content-Length is a number of bytes");
            }
        }
        return Long.parseLong(value);
    }

    /** Whether the message is chunked; a transfer coding other than chunked is 501, and chunked beside a length 400. */
    public static boolean chunked(Map<String, String> headers) throws HttpException {
        String coding = headers.get("transfer-encoding");
        if (coding == null) {
            return false;
        }
        if (!coding.equalsIgnoreCase("chunked")) {
            throw new HttpException(501, "only the chunked transfer coding is understood");
        }
        if (headers.containsKey("content-length")) {
            throw new HttpException(400, "a message cannot have both Transfer-Encoding and Content-Length");
        }
        return true;
    }

    /** A chunked body, at most {@code max} bytes in all; trailers are read and dropped. */
    public static byte[] chunkedBody(WireInput in, int max) throws IOException {
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        while (true) {
            String sizeLine = in.readLine(1024, 400);
            if (sizeLine == null) {
                throw new HttpException(400, "the connection closed in a chunked body");
            }
            int semicolon = sizeLine.indexOf(';');
            int size = chunkSize((semicolon >= 0 ? sizeLine.substring(0, semicolon) : sizeLine).strip());
            if (size == 0) {
                for (int trailers = 0; ; trailers++) {
                    String trailer = in.readLine(8192, 431);
                    if (trailer == null || trailer.isEmpty()) {
                        return body.toByteArray();
                    }
                    if (trailers > 100) {
                        throw new HttpException(431, "too many trailer fields");
                    }
                }
            }
            if ((long) body.size() + size > max) {
                throw new HttpException(413, "a body longer than " + max + " bytes");
            }
            body.write(in.readExactly(size));
            String end = in.readLine(2, 400);
            if (end == null || !end.isEmpty()) {
                throw new HttpException(400, "a chunk's data ends with CRLF");
            }
        }
    }

    private static int chunkSize(String hex) throws HttpException {
        if (hex.isEmpty() || hex.length() > 7) {
            throw new HttpException(400, "a chunk size is 1 to 7 hexadecimal digits");
        }
        int size = 0;
        for (int i = 0; i < hex.length(); i++) {
            int digit = Character.digit(hex.charAt(i), 16);
            if (digit < 0) {
                throw new HttpException(400, "a chunk size is hexadecimal");
            }
            size = size * 16 + digit;
        }
        return size;
    }

    /** The status code of a response's status line, {@code HTTP/1.x NNN reason}. */
    public static int statusCode(String statusLine) throws HttpException {
        if (statusLine == null || !statusLine.startsWith("HTTP/1.") || statusLine.length() < 12
                || statusLine.charAt(8) != ' ' || (statusLine.length() > 12 && statusLine.charAt(12) != ' ')) {
            throw new HttpException(502, "not an HTTP/1.x status line");
        }
        int status = 0;
        for (int i = 9; i < 12; i++) {
            char c = statusLine.charAt(i);
            if (c < '0' || c > '9') {
                throw new HttpException(502, "a status code is three digits");
            }
            status = status * 10 + (c - '0');
        }
        if (status < 100) {
            throw new HttpException(502, "a status code is 100 to 999");
        }
        return status;
    }

    static boolean isToken(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || TOKEN_CHARS.indexOf(c) >= 0;
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static boolean visible(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c <= ' ' || c == 0x7f) {
                return false;
            }
        }
        return true;
    }

    private static boolean fieldValue(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if ((c < ' ' && c != '\t') || c == 0x7f) {
                return false;
            }
        }
        return true;
    }
}
