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
    /** The stored hash once read: sign-in keeps working while the database blinks. */
    private volatile String knownHash;

    public FacilitatorPassword(JdbcEventStore store) {
        this.store = store;
    }

    public boolean isSet() {
        return stored().isPresent();
    }

    private Optional<String> stored() {
        String known = knownHash;
        if (known != null) {
            return Optional.of(known);
        }
        Optional<String> read = store.setting(SETTING);
        read.ifPresent(h -> knownHash = h);
        return read;
    }

    /** Why a password cannot be used, if it cannot: blank or shorter than 8 characters. */
    public static Optional<String> problem(String password) {
        return password == null || password.strip().length() < 8
                ? Optional.of("the facilitator password must have at least 8 characters") : Optional.empty();
    }

    /** Sets the password; a blank or short one is refused. */
    public void set(String password) {
        problem(password).ifPresent(p -> {
            throw new IllegalArgumentException(p);
        });
        byte[] salt = new byte[16];
        new SecureRandom().nextBytes(salt);
        String value = "pbkdf2-sha256$" + ITERATIONS + "$" + b64(salt) + "$" + b64(hash(password, salt, ITERATIONS));
        store.putSetting(SETTING, value);
        knownHash = value;
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
        Optional<String> stored = stored();
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
