package dev.kunren.server.paging;

import dev.kunren.server.http.Problem;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The acknowledge link in a page: it names one page of one team, at one level, for one person,
 * signed (HMAC-SHA256 under a key this server made at its start), and works once.
 */
public final class PageLinks {

    /** What a genuine link says. */
    public record Claim(String drillId, String team, String pageId, int level, String person) {
    }

    private final byte[] key = new byte[32];
    private final Set<String> used = ConcurrentHashMap.newKeySet();

    public PageLinks() {
        new SecureRandom().nextBytes(key);
    }

    /**
     * Links signed with {@code key} (at least 32 bytes): one the servers on a database share, so
     * that a link made by one is taken by any, and still after a restart.
     */
    public PageLinks(byte[] key) {
        if (key.length < this.key.length) {
            throw new IllegalArgumentException("a page link key has at least " + this.key.length + " bytes");
        }
        System.arraycopy(key, 0, this.key, 0, this.key.length);
    }

    /**
     * The drill a token names, as it says, not checked: where to hand the acknowledgement on to.
     * The server that runs the drill checks the signature.
     */
    public static java.util.Optional<String> drillNamed(String token) {
        int dot = token.indexOf('.');
        if (dot <= 0 || token.length() > 4096) {
            return java.util.Optional.empty();
        }
        try {
            String payload = new String(Base64.getUrlDecoder().decode(token.substring(0, dot)), StandardCharsets.UTF_8);
            return java.util.Optional.of(payload.split("\n", -1)[0]);
        } catch (IllegalArgumentException damaged) {
            return java.util.Optional.empty();
        }
    }

    /** The token for the link of a page sent to {@code person} at {@code level}. */
    public String token(Claim claim) {
        String payload = String.join("\n", claim.drillId(), claim.team(), claim.pageId(), String.valueOf(claim.level()), claim.person());
        String encoded = Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes(StandardCharsets.UTF_8));
        return encoded + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(sign(encoded));
    }

    /** What a token says, if this server signed it; 401 for a forged or damaged one. */
    public Claim read(String token) {
        int dot = token.indexOf('.');
        if (dot <= 0 || token.length() > 4096) {
            throw forged();
        }
        String encoded = token.substring(0, dot);
        byte[] signature;
        try {
            signature = Base64.getUrlDecoder().decode(token.substring(dot + 1));
        } catch (IllegalArgumentException e) {
            throw forged();
        }
        if (!MessageDigest.isEqual(sign(encoded), signature)) {
            throw forged();
        }
        String[] parts = new String(Base64.getUrlDecoder().decode(encoded), StandardCharsets.UTF_8).split("\n", -1);
        return new Claim(parts[0], parts[1], parts[2], Integer.parseInt(parts[3]), parts[4]);
    }

    /** Whether the token was spent: a link acknowledges once, so a forwarded or replayed one does nothing. */
    public boolean used(String token) {
        return used.contains(token);
    }

    /** Spends a token that acknowledged its page. */
    public void spend(String token) {
        used.add(token);
    }

    private byte[] sign(String encoded) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(encoded.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    private static Problem forged() {
        return new Problem(401, "Unauthorized", "this acknowledge link is not one this server made (or it was cut short)");
    }
}
