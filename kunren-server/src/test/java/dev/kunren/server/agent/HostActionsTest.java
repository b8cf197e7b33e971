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
}
