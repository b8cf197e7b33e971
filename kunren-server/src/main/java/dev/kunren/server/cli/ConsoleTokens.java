package dev.kunren.server.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/**
 * The secret of a running drill's console API, kept where only this user reads it
 * ({@code ~/.kunren/console/PORT.token}, mode 600) while the drill runs: so {@code kunren console}
 * in a second terminal of the same user finds it, and nobody else on the machine can.
 */
final class ConsoleTokens {

    private ConsoleTokens() {
    }

    /** A new random token: 192 bits, URL-safe. */
    static String generate() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static Path file(int port) {
        return Path.of(System.getProperty("user.home"), ".kunren", "console", port + ".token");
    }

    /** Writes the token for {@code port}; a home that cannot be written only means kunren console needs --token. */
    static boolean write(int port, String token) {
        Path file = file(port);
        try {
            Files.createDirectories(file.getParent());
            Path temporary = Files.createTempFile(file.getParent(), "token", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(temporary, token, StandardCharsets.UTF_8);
            Files.move(temporary, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            return true;
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    static Optional<String> read(int port) {
        try {
            return Optional.of(Files.readString(file(port), StandardCharsets.UTF_8).strip()).filter(t -> !t.isEmpty());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * The token to present to the drill at {@code base}: the one given, else $KUNREN_TOKEN (by
     * the caller's option default), else the one a drill of this user left for that port on this machine.
     */
    static Optional<String> forUrl(java.net.URI base, String given) {
        if (given != null && !given.isBlank()) {
            return Optional.of(given.strip());
        }
        String host = String.valueOf(base.getHost());
        boolean here = host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]");
        int port = base.getPort() < 0 ? 80 : base.getPort();
        return here ? read(port) : Optional.empty();
    }

    /** Forgets the token of a drill that has ended, unless another drill's has replaced it. */
    static void delete(int port, String token) {
        if (read(port).filter(token::equals).isPresent()) {
            try {
                Files.deleteIfExists(file(port));
            } catch (IOException ignored) {
                // a stale token file opens nothing: the drill that owned it is gone
            }
        }
    }
}
