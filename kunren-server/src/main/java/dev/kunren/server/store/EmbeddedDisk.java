package dev.kunren.server.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * The disk under an embedded H2 database in a file. A full one is refused before a drill starts
 * (reading a debrief from it is not), named when a write fails in the middle of one (H2 itself only says "the database has been
 * closed"), and a database whose very first preparation it broke is removed, so the next start
 * does not meet a half-made schema.
 *
 * @param base the database's path without H2's {@code .mv.db}
 */
record EmbeddedDisk(Path base) {

    /** The least room a drill starts with: less than this is a disk about to fill, not one with room for a drill. */
    static final long MIN_FREE_BYTES = 16L * 1024 * 1024;

    /** The disk of an H2 file URL; empty for an in-memory or remote database, and for PostgreSQL. */
    static Optional<EmbeddedDisk> of(String url) {
        String lower = url.toLowerCase(Locale.ROOT);
        if (!lower.startsWith("jdbc:h2:") || lower.startsWith("jdbc:h2:mem:") || lower.startsWith("jdbc:h2:tcp:")
                || lower.startsWith("jdbc:h2:ssl:") || lower.startsWith("jdbc:h2:zip:")) {
            return Optional.empty();
        }
        String path = url.substring(lower.startsWith("jdbc:h2:file:") ? "jdbc:h2:file:".length() : "jdbc:h2:".length());
        path = path.contains(";") ? path.substring(0, path.indexOf(';')) : path;
        if (path.startsWith("~")) {
            path = System.getProperty("user.home") + path.substring(1);
        }
        try {
            return path.isBlank() ? Optional.empty() : Optional.of(new EmbeddedDisk(Path.of(path).toAbsolutePath().normalize()));
        } catch (java.nio.file.InvalidPathException e) {
            return Optional.empty();  // not a path this machine has: H2 will say so itself
        }
    }

    Path file() {
        return base.resolveSibling(base.getFileName() + ".mv.db");
    }

    boolean exists() {
        return Files.exists(file());
    }

    /** Bytes free for the database: on its folder's disk, or the nearest folder above that exists. */
    long usable() {
        for (Path folder = base.getParent(); folder != null; folder = folder.getParent()) {
            if (Files.isDirectory(folder)) {
                try {
                    return Files.getFileStore(folder).getUsableSpace();
                } catch (IOException e) {
                    return Long.MAX_VALUE;  // cannot tell: let the database say what is wrong
                }
            }
        }
        return Long.MAX_VALUE;
    }

    /** Why a drill should not start on this disk; empty when it has room. */
    Optional<String> tooFull() {
        long free = usable();
        return free >= MIN_FREE_BYTES ? Optional.empty() : Optional.of("the disk holding the embedded database " + file()
                + " has " + kilobytes(free) + " free, and a drill needs at least 16 MB there: free some space, or choose "
                + "another place with --db jdbc:h2:file:/another/folder/kunren");
    }

    /** Words to add to a failed write's problem when this disk is nearly full, the likely cause; empty otherwise. */
    Optional<String> fullNote() {
        long free = usable();
        return free >= MIN_FREE_BYTES ? Optional.empty() : Optional.of("; the disk holding " + file() + " is full ("
                + kilobytes(free) + " free)");
    }

    /** Removes a database this process created and could not prepare; says whether it did. */
    boolean removeHalfMade() {
        try {
            Files.deleteIfExists(base.resolveSibling(base.getFileName() + ".trace.db"));
            return Files.deleteIfExists(file());
        } catch (IOException e) {
            return false;
        }
    }

    private static String kilobytes(long bytes) {
        return String.format(Locale.ROOT, "%,d KB", bytes / 1024);
    }
}
