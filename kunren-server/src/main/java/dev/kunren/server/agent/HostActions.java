package dev.kunren.server.agent;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What an agent does to its host, each action only within its allow-list: kill matching
 * processes, stop a service with its own commands, busy the CPU, hold memory, fill a disk. Every
 * action gives back its revert; a request outside the allow-list is refused with the reason.
 */
final class HostActions {

    /** Something done to the host, and how to undo it. */
    interface Applied {
        /** Undoes it; returns what was done, for the report. */
        String revert();
    }

    /** An action the allow-list does not permit, or that failed: the report says why. */
    static final class Refused extends Exception {
        Refused(String reason) {
            super(reason);
        }
    }

    private static final long MEGABYTE = 1024 * 1024;
    /** Filling a disk stops this far from full, whatever was asked. */
    private static final long DISK_RESERVE = 200 * MEGABYTE;
    private static final Duration COMMAND_LIMIT = Duration.ofSeconds(60);

    private final AllowList allow;

    HostActions(AllowList allow) {
        this.allow = allow;
    }

    /** Applies fault {@code fault} with its name and number parameters; what it did comes back in the report. */
    Applied apply(String fault, Map<String, String> names, Map<String, Double> params, StringBuilder detail) throws Refused {
        return switch (fault) {
            case "kill-process" -> killProcess(names.getOrDefault("process", ""), detail);
            case "stop-service" -> stopService(names.getOrDefault("service", ""), detail);
            case "cpu-stress" -> cpuStress(params.getOrDefault("cores", 1.0).intValue(), params.getOrDefault("percent", 100.0), detail);
            case "memory-pressure" -> memoryPressure(params.getOrDefault("megabytes", 0.0).longValue(), detail);
            case "fill-disk" -> fillDisk(names.getOrDefault("disk", ""), params.getOrDefault("megabytes", 0.0).longValue(), detail);
            default -> throw new Refused("this agent does not know the fault " + fault);
        };
    }

    private Applied killProcess(String name, StringBuilder detail) throws Refused {
        AllowList.ProcessEntry entry = allow.processes().get(name);
        if (entry == null) {
            throw new Refused("process \"" + name + "\" is not in this host's allow-list" + offered(allow.processes().keySet()));
        }
        List<ProcessHandle> targets = matching(entry);
        if (targets.isEmpty()) {
            throw new Refused("no process matches " + entry.match().map(m -> "\"" + m + "\"").orElse(entry.pidfile().map(Path::toString)
                    .orElse("")));
        }
        List<String> killed = new ArrayList<>();
        for (ProcessHandle process : targets) {
            String described = process.pid() + " (" + process.info().commandLine().orElse("?") + ")";  // before: a dead one has none
            boolean sent = entry.kill() ? process.destroyForcibly() : process.destroy();
            if (sent) {
                killed.add(described);
            }
        }
        detail.append("sent ").append(entry.kill() ? "KILL" : "TERM").append(" to ").append(String.join(", ", killed));
        return () -> {
            if (entry.restart().isEmpty()) {
                return "nothing to undo: a killed process comes back only by its supervisor, or by a restart command in the allow-list";
            }
            return "ran " + run(entry.restart());
        };
    }

    /**
     * What each allowed process name finds on this host now, such as "worker: 2 processes (pid 41, 97)":
     * told at start, so a pattern that matches nothing shows before a drill counts on it (and the
     * first kill then runs on a warm path).
     */
    public List<String> processesFoundNow() {
        List<String> found = new ArrayList<>();
        allow.processes().forEach((name, entry) -> {
            try {
                List<ProcessHandle> now = matching(entry);
                found.add(name + ": " + (now.isEmpty() ? "no process matches now"
                        : now.size() + (now.size() == 1 ? " process" : " processes") + " (pid "
                        + String.join(", ", now.stream().map(p -> String.valueOf(p.pid())).toList()) + ")"));
            } catch (Refused e) {
                found.add(name + ": " + e.getMessage());
            }
        });
        return found;
    }

    /** Processes the entry names, never this agent itself or its parents. */
    private static List<ProcessHandle> matching(AllowList.ProcessEntry entry) throws Refused {
        List<Long> own = new ArrayList<>();
        for (Optional<ProcessHandle> p = Optional.of(ProcessHandle.current()); p.isPresent(); p = p.get().parent()) {
            own.add(p.get().pid());
        }
        if (entry.pidfile().isPresent()) {
            try {
                long pid = Long.parseLong(Files.readString(entry.pidfile().get()).strip());
                return ProcessHandle.of(pid).filter(p -> !own.contains(p.pid())).stream().toList();
            } catch (IOException | NumberFormatException e) {
                throw new Refused("cannot read a process id from " + entry.pidfile().get() + ": " + e.getMessage());
            }
        }
        String match = entry.match().orElseThrow();
        return ProcessHandle.allProcesses().filter(p -> !own.contains(p.pid()))
                .filter(p -> p.info().commandLine().map(line -> line.contains(match)).orElse(false)).toList();
    }

    private Applied stopService(String name, StringBuilder detail) throws Refused {
        AllowList.ServiceEntry entry = allow.services().get(name);
        if (entry == null) {
            throw new Refused("service \"" + name + "\" is not in this host's allow-list" + offered(allow.services().keySet()));
        }
        detail.append("ran ").append(runOrRefuse(entry.stop()));
        return () -> "ran " + run(entry.start());
    }

    private Applied cpuStress(int cores, double percent, StringBuilder detail) throws Refused {
        if (allow.maxCores() <= 0) {
            throw new Refused("cpu stress is not in this host's allow-list (cpu: {maxCores: N})");
        }
        int threads = Math.min(cores, allow.maxCores());
        AtomicBoolean running = new AtomicBoolean(true);
        long busyNanos = (long) (percent / 100 * 100_000_000L);
        for (int i = 0; i < threads; i++) {
            Thread.ofPlatform().daemon().name("kunren-cpu-stress-" + i).start(() -> {
                while (running.get()) {
                    long start = System.nanoTime();
                    while (System.nanoTime() - start < busyNanos) {
                        Thread.onSpinWait();
                    }
                    sleepQuietly(100_000_000L - busyNanos);
                }
            });
        }
        detail.append("busy on ").append(threads).append(" core").append(threads == 1 ? "" : "s").append(" at ")
                .append((int) percent).append('%').append(threads < cores ? " (the allow-list caps it at " + allow.maxCores() + ")" : "");
        return () -> {
            running.set(false);
            return "stopped the CPU stress";
        };
    }

    private Applied memoryPressure(long megabytes, StringBuilder detail) throws Refused {
        if (allow.maxMemoryMegabytes() <= 0) {
            throw new Refused("memory pressure is not in this host's allow-list (memory: {maxMegabytes: N})");
        }
        long taken = Math.min(megabytes, allow.maxMemoryMegabytes());
        List<byte[]> held = new ArrayList<>();
        try {
            for (long i = 0; i < taken; i++) {
                byte[] block = new byte[(int) MEGABYTE];
                for (int page = 0; page < block.length; page += 4096) {
                    block[page] = 1;  // touched, so the memory is really resident
                }
                held.add(block);
            }
        } catch (OutOfMemoryError e) {
            int got = held.size();
            held.clear();
            throw new Refused("could hold only " + got + " MB of the " + taken + " asked (raise the agent's -Xmx)");
        }
        detail.append("holding ").append(taken).append(" MB").append(taken < megabytes ? " (the allow-list caps it)" : "");
        return () -> {
            held.clear();
            System.gc();
            return "released " + taken + " MB";
        };
    }

    /** Whether a fault leaves something on the host that outlives the agent (and so goes in its journal). */
    static boolean outlivesTheAgent(String fault) {
        return fault.equals("stop-service") || fault.equals("kill-process");
    }

    /**
     * Undoes what an agent killed outright left (from its journal): starts a stopped service again,
     * runs a killed process's restart command; says what it did.
     */
    String undoLeft(Journal.Entry left) {
        return switch (left.fault()) {
            case "stop-service" -> {
                AllowList.ServiceEntry entry = allow.services().get(left.name());
                yield entry == null ? "service " + left.name() + " is no longer in the allow-list: start it by hand"
                        : "ran " + run(entry.start());
            }
            case "kill-process" -> {
                AllowList.ProcessEntry entry = allow.processes().get(left.name());
                yield entry == null || entry.restart().isEmpty() ? "nothing to undo for process " + left.name()
                        : "ran " + run(entry.restart());
            }
            default -> "nothing to undo for " + left.fault();
        };
    }

    /**
     * Deletes the files an agent killed outright (kill -9, a power cut) left on the allow-list's
     * disks: an agent starting up finds a disk as full as the last one left it.
     */
    List<Path> removeLeftovers() {
        List<Path> removed = new java.util.ArrayList<>();
        for (AllowList.DiskEntry entry : allow.disks().values()) {
            try (var files = Files.newDirectoryStream(entry.path(), "kunren-fill-*.bin")) {
                for (Path file : files) {
                    deleteQuietly(file);
                    removed.add(file);
                }
            } catch (IOException e) {
                // no such folder yet: nothing was left there
            }
        }
        return removed;
    }

    private Applied fillDisk(String name, long megabytes, StringBuilder detail) throws Refused {
        AllowList.DiskEntry entry = allow.disks().get(name);
        if (entry == null) {
            throw new Refused("disk \"" + name + "\" is not in this host's allow-list" + offered(allow.disks().keySet()));
        }
        long wanted = Math.min(megabytes, entry.maxMegabytes());
        Path file = entry.path().resolve("kunren-fill-" + ProcessHandle.current().pid() + "-" + System.nanoTime() + ".bin");
        long written = 0;
        try {
            Files.createDirectories(entry.path());
            long usable = Files.getFileStore(entry.path()).getUsableSpace();
            long allowed = Math.max(0, Math.min(wanted * MEGABYTE, usable - DISK_RESERVE));
            byte[] block = new byte[(int) MEGABYTE];
            try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                while (written + block.length <= allowed) {
                    out.write(block);
                    written += block.length;
                }
            }
        } catch (IOException e) {
            deleteQuietly(file);
            throw new Refused("cannot fill " + entry.path() + ": " + e.getMessage());
        }
        detail.append("wrote ").append(written / MEGABYTE).append(" MB to ").append(file)
                .append(written / MEGABYTE < megabytes ? " (capped by the allow-list or by keeping 200 MB free)" : "");
        return () -> {
            deleteQuietly(file);
            return "deleted " + file;
        };
    }

    private static String runOrRefuse(List<String> command) throws Refused {
        String result = run(command);
        if (!result.endsWith("(exit 0)")) {
            throw new Refused(result);
        }
        return result;
    }

    /** Runs a command of the allow-list, without a shell, for at most a minute; says how it ended. */
    static String run(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (!process.waitFor(COMMAND_LIMIT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return String.join(" ", command) + " (stopped after " + COMMAND_LIMIT.toSeconds() + " s)";
            }
            return String.join(" ", command) + " (exit " + process.exitValue() + ")";
        } catch (IOException e) {
            return String.join(" ", command) + " (could not run: " + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return String.join(" ", command) + " (interrupted)";
        }
    }

    private static String offered(java.util.Set<String> names) {
        return names.isEmpty() ? "" : "; it offers " + String.join(", ", names);
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // reported by the caller's detail
        }
    }

    private static void sleepQuietly(long nanos) {
        if (nanos > 0) {
            try {
                TimeUnit.NANOSECONDS.sleep(nanos);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
