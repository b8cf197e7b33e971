package dev.kunren.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Path;

/** A real {@code kunren serve} in a process of its own, on a free port of loopback: what crash and takeover tests kill. */
record ServeProcess(Process process, String base) {

    /** Starts it on {@code db} with {@code password} for the facilitator, and returns once it listens. */
    static ServeProcess start(String db, String password) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "serve", "--port", "0", "--db", db).redirectErrorStream(true);
        builder.environment().put("KUNREN_FACILITATOR_PASSWORD", password);
        Process process = builder.start();
        BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream()));
        String line;
        while ((line = lines.readLine()) != null && !line.startsWith("Kunren web app: ")) {
            // the banner comes once it listens
        }
        assertThat(line).as("kunren serve starts").isNotNull();
        Thread.ofVirtual().start(() -> lines.lines().forEach(l -> { }));  // keep its output flowing
        return new ServeProcess(process, line.substring("Kunren web app: ".length()).split("\\s+")[0].replaceAll("/$", ""));
    }
}
