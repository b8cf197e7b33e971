package dev.kunren.server.cli;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Keeps virtual threads from deadlocking on class loading. Loading a class pins a virtual thread
 * to its carrier (JEP 491 leaves that case pinned). With one carrier per core, two teams' threads
 * loading classes from the jar at once pinned both carriers of this two-core machine while the
 * drill loop, holding the jar's lock, waited on a lock held by a virtual thread that had no
 * carrier left to finish on: a 20-team drill hung at its first SLI window. So the long-running
 * commands get spare carriers, and Kunren's own classes are loaded up front, on the main thread.
 */
final class VirtualThreadSafety {

    static final String PARALLELISM = "jdk.virtualThreadScheduler.parallelism";
    /** Carriers at least; the scheduler's default is one per core. */
    static final int MIN_CARRIERS = 16;

    private VirtualThreadSafety() {
    }

    /** Before the first virtual thread exists: spare carriers (unless the user chose a number). */
    static void spareCarriers() {
        if (System.getProperty(PARALLELISM) == null) {
            int cores = Runtime.getRuntime().availableProcessors();
            System.setProperty(PARALLELISM, String.valueOf(Math.max(MIN_CARRIERS, 4 * cores)));
        }
    }

    /**
     * Loads (without initialising) every Kunren class in the jar this runs from, so no virtual
     * thread has to load one later. From a directory (tests, an IDE) it does nothing.
     *
     * @return how many classes it loaded
     */
    static int preloadOwnClasses() {
        Path source;
        try {
            source = Path.of(VirtualThreadSafety.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException | SecurityException | NullPointerException e) {
            return 0;
        }
        if (!source.toString().endsWith(".jar")) {
            return 0;
        }
        ClassLoader loader = VirtualThreadSafety.class.getClassLoader();
        int loaded = 0;
        try (JarFile jar = new JarFile(source.toFile())) {
            for (JarEntry entry : java.util.Collections.list(jar.entries())) {
                String name = entry.getName();
                if (name.startsWith("dev/kunren/") && name.endsWith(".class")) {
                    try {
                        Class.forName(name.substring(0, name.length() - 6).replace('/', '.'), false, loader);
                        loaded++;
                    } catch (ClassNotFoundException | LinkageError skipped) {
                        // a class that cannot load now would fail the same way later, where it is used
                    }
                }
            }
        } catch (IOException e) {
            return loaded;
        }
        return loaded;
    }
}
