package dev.kunren.server.agent;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * What an agent may do on its host, and nothing else: the blast radius of a drill, written by the
 * host's owner. Processes it may kill (by command line or pidfile), services it may stop and
 * start (by commands written here, run without a shell), and how much CPU, memory and disk it may
 * take. A drill names an entry; it never sends a command line.
 */
record AllowList(Map<String, ProcessEntry> processes, Map<String, ServiceEntry> services, int maxCores, long maxMemoryMegabytes,
                 Map<String, DiskEntry> disks) {

    /** Processes whose command line contains {@code match}, or the one in {@code pidfile}; {@code restart} runs on revert. */
    record ProcessEntry(Optional<String> match, Optional<Path> pidfile, boolean kill, List<String> restart) {
    }

    record ServiceEntry(List<String> stop, List<String> start) {
    }

    /** A folder the agent may fill, at most {@code maxMegabytes}. */
    record DiskEntry(Path path, long maxMegabytes) {
    }

    /** The names a drill may use, as the agent announces them: {@code process:worker}, {@code cpu}… */
    List<String> offered() {
        List<String> names = new ArrayList<>();
        processes.keySet().forEach(n -> names.add("process:" + n));
        services.keySet().forEach(n -> names.add("service:" + n));
        disks.keySet().forEach(n -> names.add("disk:" + n));
        if (maxCores > 0) {
            names.add("cpu");
        }
        if (maxMemoryMegabytes > 0) {
            names.add("memory");
        }
        return names;
    }

    /** Reads an allow-list file; every problem is named with where it is. */
    static AllowList read(Path file) {
        Object root;
        try {
            LoaderOptions options = new LoaderOptions();
            options.setMaxAliasesForCollections(10);
            root = new Yaml(options).load(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AgentException("cannot read the allow-list " + file + ": " + e.getMessage());
        } catch (YAMLException e) {
            throw new AgentException(file + ": not valid YAML: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (root == null) {
            root = Map.of();
        }
        Reader reader = new Reader(file);
        Map<String, Object> top = reader.map(root, "the allow-list");
        reader.only(top, "the allow-list", "processes", "services", "cpu", "memory", "disks");
        Map<String, ProcessEntry> processes = new LinkedHashMap<>();
        reader.map(top.getOrDefault("processes", Map.of()), "processes").forEach((name, value) -> {
            Map<String, Object> entry = reader.map(value, "processes." + name);
            reader.only(entry, "processes." + name, "match", "pidfile", "signal", "restart");
            Optional<String> match = reader.text(entry, "match", "processes." + name);
            Optional<Path> pidfile = reader.text(entry, "pidfile", "processes." + name).map(Path::of);
            if (match.isEmpty() == pidfile.isEmpty()) {
                reader.problem("processes." + name + ": give exactly one of match (a command-line substring) or pidfile");
            }
            if (match.filter(m -> m.strip().length() < 3).isPresent()) {
                reader.problem("processes." + name + ".match: at least 3 characters, so that it cannot match every process");
            }
            String signal = reader.text(entry, "signal", "processes." + name).orElse("KILL");
            if (!signal.equals("KILL") && !signal.equals("TERM")) {
                reader.problem("processes." + name + ".signal: KILL or TERM, not " + signal);
            }
            processes.put(name, new ProcessEntry(match, pidfile, signal.equals("KILL"), reader.command(entry, "restart",
                    "processes." + name)));
        });
        Map<String, ServiceEntry> services = new LinkedHashMap<>();
        reader.map(top.getOrDefault("services", Map.of()), "services").forEach((name, value) -> {
            Map<String, Object> entry = reader.map(value, "services." + name);
            reader.only(entry, "services." + name, "stop", "start");
            List<String> stop = reader.command(entry, "stop", "services." + name);
            List<String> start = reader.command(entry, "start", "services." + name);
            if (stop.isEmpty() || start.isEmpty()) {
                reader.problem("services." + name + ": give both stop and start commands");
            }
            services.put(name, new ServiceEntry(stop, start));
        });
        Map<String, Object> cpu = reader.map(top.getOrDefault("cpu", Map.of()), "cpu");
        reader.only(cpu, "cpu", "maxCores");
        Map<String, Object> memory = reader.map(top.getOrDefault("memory", Map.of()), "memory");
        reader.only(memory, "memory", "maxMegabytes");
        Map<String, DiskEntry> disks = new LinkedHashMap<>();
        reader.map(top.getOrDefault("disks", Map.of()), "disks").forEach((name, value) -> {
            Map<String, Object> entry = reader.map(value, "disks." + name);
            reader.only(entry, "disks." + name, "path", "maxMegabytes");
            Optional<String> path = reader.text(entry, "path", "disks." + name);
            if (path.isEmpty()) {
                reader.problem("disks." + name + ": give the path of a folder the agent may fill");
            }
            disks.put(name, new DiskEntry(Path.of(path.orElse(".")), reader.number(entry, "maxMegabytes", "disks." + name, 100)));
        });
        int maxCores = (int) reader.number(cpu, "maxCores", "cpu", 0);
        long maxMemory = reader.number(memory, "maxMegabytes", "memory", 0);
        for (Map<String, ?> entries : List.of(processes, services, disks)) {
            entries.keySet().forEach(reader::checkName);
        }
        reader.throwIfAny();
        return new AllowList(processes, services, maxCores, maxMemory, disks);
    }

    /** Reads the loaded YAML, gathering every problem with its path. */
    private static final class Reader {
        private final Path file;
        private final List<String> problems = new ArrayList<>();

        Reader(Path file) {
            this.file = file;
        }

        void problem(String message) {
            problems.add(message);
        }

        /** An entry's name is what a scenario writes, so it follows the scenario's rule for names. */
        void checkName(String name) {
            if (!name.matches("[a-z0-9][a-z0-9._-]{0,62}")) {
                problem("\"" + name + "\": an entry's name is lower-case letters, digits, '.', '_' or '-', as a scenario names it");
            }
        }

        @SuppressWarnings("unchecked")
        Map<String, Object> map(Object value, String where) {
            if (value instanceof Map<?, ?> map) {
                Map<String, Object> result = new LinkedHashMap<>();
                map.forEach((k, v) -> result.put(String.valueOf(k), v));
                return result;
            }
            problem(where + ": expected keys and values");
            return Map.of();
        }

        void only(Map<String, Object> map, String where, String... keys) {
            List<String> allowed = List.of(keys);
            map.keySet().stream().filter(k -> !allowed.contains(k)).forEach(k ->
                    problem(where + ": unknown key \"" + k + "\"; expected one of " + String.join(", ", allowed)));
        }

        Optional<String> text(Map<String, Object> map, String key, String where) {
            Object value = map.get(key);
            if (value == null) {
                return Optional.empty();
            }
            if (value instanceof Map || value instanceof List) {
                problem(where + "." + key + ": expected a text");
                return Optional.empty();
            }
            return Optional.of(String.valueOf(value));
        }

        /** A command: a list of arguments, or one line split at spaces (never given to a shell). */
        List<String> command(Map<String, Object> map, String key, String where) {
            Object value = map.get(key);
            if (value == null) {
                return List.of();
            }
            if (value instanceof List<?> list) {
                return list.stream().map(String::valueOf).toList();
            }
            return List.of(String.valueOf(value).strip().split("\\s+"));
        }

        long number(Map<String, Object> map, String key, String where, long fallback) {
            Object value = map.get(key);
            if (value == null) {
                return fallback;
            }
            if (value instanceof Number number && number.longValue() >= 0) {
                return number.longValue();
            }
            problem(where + "." + key + ": expected a whole number, not " + value);
            return fallback;
        }

        void throwIfAny() {
            if (!problems.isEmpty()) {
                throw new AgentException(file + ": " + String.join("; ", problems));
            }
        }
    }
}
