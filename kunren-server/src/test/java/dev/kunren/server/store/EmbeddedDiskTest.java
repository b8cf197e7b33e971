package dev.kunren.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which URLs have a disk Kunren can look at, and what a half-made database leaves behind. */
class EmbeddedDiskTest {

    @Test
    void only_an_embedded_database_in_a_file_has_a_disk_to_check() {
        assertThat(EmbeddedDisk.of("jdbc:h2:mem:kunren")).isEmpty();
        assertThat(EmbeddedDisk.of("jdbc:h2:tcp://db.example/kunren")).isEmpty();
        assertThat(EmbeddedDisk.of("jdbc:postgresql://127.0.0.1:5432/kunren")).isEmpty();
        assertThat(EmbeddedDisk.of("jdbc:h2:file:/srv/kunren/runs/kunren;WRITE_DELAY=0").orElseThrow().file())
                .isEqualTo(Path.of("/srv/kunren/runs/kunren.mv.db"));
        assertThat(EmbeddedDisk.of("jdbc:h2:./runs/kunren").orElseThrow().file())
                .isEqualTo(Path.of("runs", "kunren.mv.db").toAbsolutePath());
        assertThat(EmbeddedDisk.of("jdbc:h2:~/kunren").orElseThrow().file())
                .isEqualTo(Path.of(System.getProperty("user.home"), "kunren.mv.db"));
    }

    @Test
    void a_folder_that_does_not_exist_yet_is_measured_on_the_disk_above_it(@TempDir Path dir) {
        EmbeddedDisk disk = EmbeddedDisk.of("jdbc:h2:file:" + dir.resolve("not/yet/kunren")).orElseThrow();
        assertThat(disk.usable()).isPositive().isLessThan(Long.MAX_VALUE);
        assertThat(disk.exists()).isFalse();
    }

    @Test
    void removing_a_half_made_database_takes_its_file_and_trace(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("kunren.mv.db"), "half");
        Files.writeString(dir.resolve("kunren.trace.db"), "trace");
        Files.writeString(dir.resolve("other.mv.db"), "another drill's");
        EmbeddedDisk disk = EmbeddedDisk.of("jdbc:h2:file:" + dir.resolve("kunren")).orElseThrow();

        assertThat(disk.removeHalfMade()).isTrue();
        assertThat(dir.resolve("kunren.mv.db")).doesNotExist();
        assertThat(dir.resolve("kunren.trace.db")).doesNotExist();
        assertThat(dir.resolve("other.mv.db")).exists();
    }
}
