package dev.kunren.server.store;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * A new drill's id: its scenario and start for people ({@code first-drill-20261202-081500-}), and
 * 128 random bits for everyone else, so no id (nor its public status page) can be guessed. Ids
 * made before, with 16 random bits, are still read as they are.
 */
public final class DrillIds {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
    private static final char[] BASE32 = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private DrillIds() {
    }

    /** At most 63 + 1 + 15 + 1 + 26 = 106 characters: the store's column holds 120. */
    public static String next(String scenario, Instant at) {
        byte[] bits = new byte[16];
        RANDOM.nextBytes(bits);
        StringBuilder id = new StringBuilder(scenario).append('-').append(TIME.format(at)).append('-');
        int buffer = 0;
        int held = 0;
        for (byte b : bits) {
            buffer = (buffer << 8) | (b & 0xff);
            held += 8;
            while (held >= 5) {
                id.append(BASE32[(buffer >> (held - 5)) & 31]);
                held -= 5;
            }
        }
        if (held > 0) {
            id.append(BASE32[(buffer << (5 - held)) & 31]);
        }
        return id.toString();
    }
}
