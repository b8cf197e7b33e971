package dev.kunren.server.web;

import dev.kunren.server.store.JdbcEventStore;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.spec.InvalidKeySpecException;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * The facilitator's password, kept as a salted PBKDF2 hash in the store's settings. The first
 * start sets it (given, or generated and shown once).
 */
public final class FacilitatorPassword {

    static final String SETTING = "facilitator-password";
    private static final int ITERATIONS = 210_000;
    private static final String ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";

    private final JdbcEventStore store;

    public FacilitatorPassword(JdbcEventStore store) {
        this.store = store;
    }

    public boolean isSet() {
        return store.setting(SETTING).isPresent();
    }

    /** Sets the password; a blank or short one is refused. */
    public void set(String password) {
        if (password == null || password.strip().length() < 8) {
            throw new IllegalArgumentException("the facilitator password must have at least 8 characters");
        }
        byte[] salt = new byte[16];
        new SecureRandom().nextBytes(salt);
        store.putSetting(SETTING, "pbkdf2-sha256$" + ITERATIONS + "$" + b64(salt) + "$" + b64(hash(password, salt, ITERATIONS)));
    }

    /** A new random password of four groups, easy to read aloud; set and returned. */
    public String generate() {
        SecureRandom random = new SecureRandom();
        StringBuilder password = new StringBuilder();
        for (int i = 0; i < 16; i++) {
            if (i > 0 && i % 4 == 0) {
                password.append('-');
            }
            password.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        set(password.toString());
        return password.toString();
    }

    public boolean matches(String candidate) {
        Optional<String> stored = store.setting(SETTING);
        if (stored.isEmpty() || candidate == null) {
            return false;
        }
        String[] parts = stored.get().split("\\$");
        byte[] salt = Base64.getDecoder().decode(parts[2]);
        byte[] expected = Base64.getDecoder().decode(parts[3]);
        return MessageDigest.isEqual(expected, hash(candidate, salt, Integer.parseInt(parts[1])));
    }

    private static byte[] hash(String password, byte[] salt, int iterations) {
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                    .generateSecret(new PBEKeySpec(password.toCharArray(), salt, iterations, 256)).getEncoded();
        } catch (java.security.NoSuchAlgorithmException | InvalidKeySpecException e) {
            throw new IllegalStateException("PBKDF2 is part of every JDK", e);
        }
    }

    private static String b64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }
}
