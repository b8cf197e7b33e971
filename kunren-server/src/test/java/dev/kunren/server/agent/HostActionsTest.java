package dev.kunren.server.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What an agent killed outright left on a disk is gone when the next one starts; nothing else is touched. */
class HostActionsTest {

    @TempDir
    Path dir;

    @Test
    void a_starting_agent_removes_the_fill_files_a_killed_one_left() throws Exception {
        Path scratch = Files.createDirectories(dir.resolve("scratch"));
        Path left = Files.writeString(scratch.resolve("kunren-fill-4242-17.bin"), "x");
        Path theirs = Files.writeString(scratch.resolve("data.bin"), "keep");
        AllowList allow = AllowList.read(Files.writeString(dir.resolve("allow.yaml"),
                "disks:\n  scratch: { path: " + scratch + ", maxMegabytes: 1 }\n  later: { path: " + dir.resolve("none") + " }\n"));
        assertThat(new HostActions(allow).removeLeftovers()).containsExactly(left);
        assertThat(left).doesNotExist();
        assertThat(theirs).exists();
    }

    @Test
    void a_starting_agent_says_what_each_allowed_process_name_finds_now() throws Exception {
        Process target = new ProcessBuilder("sleep", "31338").start();
        try {
            AllowList allow = AllowList.read(Files.writeString(dir.resolve("allow.yaml"),
                    "processes:\n  worker: { match: \"sleep 31338\" }\n  ghost: { match: \"no-such-command-31339\" }\n"
                            + "  fromfile: { pidfile: " + dir.resolve("missing.pid") + " }\n"));
            assertThat(new HostActions(allow).processesFoundNow()).containsExactlyInAnyOrder(
                    "worker: 1 process (pid " + target.pid() + ")",
                    "ghost: no process matches now",
                    "fromfile: cannot read a process id from " + dir.resolve("missing.pid") + ": " + dir.resolve("missing.pid"));
            assertThat(target.isAlive()).as("only looked at").isTrue();
        } finally {
            target.destroyForcibly();
        }
    }
}
