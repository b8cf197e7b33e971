package dev.kunren.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real `kunren run` process, stopped with SIGTERM while a fault is active. */
class ShutdownTest {

    @TempDir
    Path dir;

    /** A real `kunren run` of a drill whose fault would last an hour, writing its report to {@code out}. */
    private Process runHourLongFault(Path out, String database) throws Exception {
        Path scenario = dir.resolve("hour.yaml");
        Files.writeString(scenario, """
                name: hour
                title: A fault that would last an hour
                duration: 2h
                injects:
                  - at: 0s
                    fault: kill-instance
                    target: web-1
                    duration: 1h
                """);
        return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "run", scenario.toString(), "--db", "jdbc:h2:mem:" + database, "--out", out.toString())
                .redirectErrorStream(true).start();
    }

    @Test
    void terminating_the_process_reverts_every_fault_and_still_writes_the_report() throws Exception {
        Path out = dir.resolve("report");
        Process process = runHourLongFault(out, "shutdown");
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream()))) {
            String line;
            while ((line = lines.readLine()) != null && !line.contains("FAULT     kill-instance-1")) {
                // wait for the fault to be injected
            }
            assertThat(line).as("the drill injects its fault").isNotNull();

            process.toHandle().destroy(); // SIGTERM, leaving our end of the pipes open

            assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
            StringBuilder rest = new StringBuilder();
            while ((line = lines.readLine()) != null) {
                rest.append(line).append('\n');
            }
            assertThat(rest).contains("REVERTED  kill-instance-1 (halt)").contains("Drill halted");
        } finally {
            process.destroyForcibly();
        }
        assertThat(process.exitValue()).isEqualTo(143);
        JsonNode report = new ObjectMapper().readTree(out.resolve("report.json").toFile());
        assertThat(report.at("/endReason").asText()).isEqualTo("halted");
        assertThat(report.at("/faults/0/revertReason").asText()).isEqualTo("halt");
    }

    @Test
    void a_drill_whose_output_pipe_was_closed_still_writes_its_report_when_terminated() throws Exception {
        Path out = dir.resolve("report");
        Process process = runHourLongFault(out, "pipe");
        try {
            BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream()));
            String line;
            while ((line = lines.readLine()) != null && !line.contains("FAULT     kill-instance-1")) {
                // wait for the fault to be injected
            }
            assertThat(line).as("the drill injects its fault").isNotNull();
            lines.close();  // as `kunren run … | head` does: whatever the drill prints now goes nowhere

            process.toHandle().destroy();
            assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
        } finally {
            process.destroyForcibly();
        }
        JsonNode report = new ObjectMapper().readTree(out.resolve("report.json").toFile());
        assertThat(report.at("/endReason").asText()).isEqualTo("halted");
        assertThat(report.at("/faults/0/revertReason").asText()).isEqualTo("halt");
    }
}
