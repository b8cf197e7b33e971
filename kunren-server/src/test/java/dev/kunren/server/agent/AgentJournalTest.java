package dev.kunren.server.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What outlives an agent killed outright — a service it stopped, a process it killed — is in its
 * journal, and the next agent started with that journal undoes it before anything else, and tells
 * the drill.
 */
class AgentJournalTest {

    @TempDir
    Path dir;

    @Test
    void the_journal_keeps_what_is_done_and_not_undone_and_skips_a_torn_last_line() throws Exception {
        Journal journal = new Journal(dir.resolve("j"));
        journal.doing(new Journal.Entry("stop-api-1", "stop-service", "api"));
        journal.doing(new Journal.Entry("kill-worker-2", "kill-process", "worker"));
        journal.undone("kill-worker-2");
        Files.writeString(journal.file(), "{\"op\":\"done\",\"faultId\":\"torn", java.nio.file.StandardOpenOption.APPEND);
        assertThat(journal.left()).containsExactly(new Journal.Entry("stop-api-1", "stop-service", "api"));
        journal.clear();
        assertThat(journal.left()).isEmpty();
    }

    @Test
    void an_agent_starting_after_a_kill_starts_the_service_the_killed_one_stopped() throws Exception {
        Path started = dir.resolve("started");
        Path allow = Files.writeString(dir.resolve("allow.yaml"), """
                services:
                  api:
                    stop: "touch %s"
                    start: "touch %s"
                """.formatted(dir.resolve("stopped"), started));
        Path journalFile = Agent.journalBeside(allow, "host-1");
        assertThat(journalFile).isEqualTo(dir.resolve(".kunren-agent-host-1.journal"));
        // what a killed agent left: it had stopped the service, and never started it again
        new Journal(journalFile).doing(new Journal.Entry("stop-api-1", "stop-service", "api"));

        StringWriter log = new StringWriter();
        Agent next = new Agent(URI.create("http://127.0.0.1:9"), "host-1", "token", allow, Duration.ofSeconds(10), journalFile,
                new PrintWriter(log));
        next.undoWhatWasLeft();

        assertThat(started).as("the service was started again").exists();
        assertThat(new Journal(journalFile).left()).isEmpty();
        assertThat(next.revertedAlone()).as("told to the drill with the first poll").containsExactly("stop-api-1");
        assertThat(log.toString()).contains("undid stop-service api (stop-api-1), left by an agent that was killed: ran touch");
    }
}
