package dev.kunren.server.chat;

import dev.kunren.server.http.Problem;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Slack's request signing, checked as Slack documents it: {@code X-Slack-Signature} is
 * {@code v0=} and the hex HMAC-SHA256, under the app's signing secret, of
 * {@code v0:TIMESTAMP:BODY}, and {@code X-Slack-Request-Timestamp} is within five minutes of now.
 * A request seen once is refused again within that window, so a captured command cannot be replayed.
 */
public final class SlackSignature {

    static final Duration WINDOW = Duration.ofMinutes(5);
    private static final int REMEMBERED = 10_000;

    private final byte[] secret;
    private final Clock clock;
    /** Signatures accepted within the window, oldest first, with when they were seen. */
    private final Map<String, Long> seen = new LinkedHashMap<>();

    public SlackSignature(String secret, Clock clock) {
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
        this.clock = clock;
    }

    /** The signature Slack would send for {@code body} at {@code timestamp} (seconds since the epoch). */
    public static String sign(String secret, String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update(("v0:" + timestamp + ":").getBytes(StandardCharsets.UTF_8));
            return "v0=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    /** Passes a genuine, fresh, first-seen request; anything else is a 401 that says which check failed. */
    public void verify(String timestamp, String signature, byte[] body) {
        if (timestamp == null || signature == null) {
            throw unauthorized("a slash command needs Slack's X-Slack-Request-Timestamp and X-Slack-Signature headers");
        }
        long at;
        try {
            at = Long.parseLong(timestamp.strip());
        } catch (NumberFormatException e) {
            throw unauthorized("X-Slack-Request-Timestamp must be seconds since the epoch");
        }
        long now = clock.instant().getEpochSecond();
        if (Math.abs(now - at) > WINDOW.toSeconds()) {
            throw unauthorized("the request's timestamp is more than 5 minutes from now: an old request is not accepted again");
        }
        String expected = sign(new String(secret, StandardCharsets.UTF_8), timestamp.strip(), body);
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), signature.strip().getBytes(StandardCharsets.US_ASCII))) {
            throw unauthorized("the request's signature does not match this server's signing secret");
        }
        synchronized (seen) {
            seen.values().removeIf(seenAt -> now - seenAt > WINDOW.toSeconds());
            if (seen.putIfAbsent(signature.strip(), now) != null) {
                throw unauthorized("this request was already received once");
            }
            if (seen.size() > REMEMBERED) {
                seen.remove(seen.keySet().iterator().next());
            }
        }
    }

    private static Problem unauthorized(String detail) {
        return new Problem(401, "Unauthorized", detail);
    }
}
