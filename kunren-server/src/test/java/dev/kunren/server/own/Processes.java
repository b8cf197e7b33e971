package dev.kunren.server.own;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Separate OS processes for the end-to-end tests of a team's own systems: Kunren's own commands
 * (from this test's class path), the example service, Prometheus and Alertmanager. Each keeps
 * every line it printed, and is killed when closed.
 */
public final class Processes implements AutoCloseable {

    /** A running process and what it has printed so far. */
    public static final class Running {
        public final Process process;
        final List<String> lines = new CopyOnWriteArrayList<>();
        final String name;

        Running(String name, Process process) {
            this.name = name;
            this.process = process;
            Thread.ofVirtual().start(() -> {
                try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line = out.readLine(); line != null; line = out.readLine()) {
                        lines.add(line);
                    }
                } catch (IOException ignored) {
                    // the process is gone
                }
            });
        }

        /** Waits, at most {@code bound}, for a line that matches; fails naming what was printed. */
        public String awaitLine(Predicate<String> match, Duration bound) throws InterruptedException {
            long deadline = System.nanoTime() + bound.toNanos();
            while (System.nanoTime() < deadline) {
                for (String line : lines) {
                    if (match.test(line)) {
                        return line;
                    }
                }
                TimeUnit.MILLISECONDS.sleep(20);
            }
            throw new AssertionError(name + " never printed the awaited line; it printed:\n" + String.join("\n", lines));
        }

        public int awaitExit(Duration bound) throws InterruptedException {
            if (!process.waitFor(bound.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError(name + " did not end within " + bound + "; it printed:\n" + String.join("\n", lines));
            }
            return process.exitValue();
        }

        public String output() {
            return String.join("\n", lines);
        }
    }

    private final List<Running> running = new ArrayList<>();

    /** {@code kunren ARGS} in its own JVM, from this test's class path. */
    public Running kunren(String name, Path workingDirectory, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "dev.kunren.server.cli.Main"));
        command.addAll(List.of(args));
        return start(name, workingDirectory, command);
    }

    /** The example service, run from its single source file. */
    public Running ownService(int port) throws IOException {
        return start("own-service", Path.of("."), List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "examples/own-service/OwnService.java", "--port", String.valueOf(port)));
    }

    public Running start(String name, Path workingDirectory, List<String> command) throws IOException {
        Process process = new ProcessBuilder(command).directory(workingDirectory.toFile()).redirectErrorStream(true).start();
        Running started = new Running(name, process);
        running.add(started);
        return started;
    }

    /** Ports handed out in this test run: the kernel may give a port just closed again at once. */
    private static final java.util.Set<Integer> GIVEN = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /**
     * A port free now and never handed out before in this run, so that ports picked one after the
     * other for one test (a service and the proxy in front of it) are never the same.
     */
    public static int freePort() throws IOException {
        while (true) {
            try (ServerSocket socket = new ServerSocket(0)) {
                if (GIVEN.add(socket.getLocalPort())) {
                    return socket.getLocalPort();
                }
            }
        }
    }

    @Override
    public void close() {
        for (Running process : running.reversed()) {
            process.process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.process.destroyForcibly();
        }
    }
}
