package dev.kunren.server.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The host owner's allow-list: what it offers a drill, and every mistake in it named at once. */
class AllowListTest {

    @TempDir
    Path dir;

    private AllowList read(String yaml) throws Exception {
        return AllowList.read(Files.writeString(dir.resolve("allow.yaml"), yaml));
    }

    @Test
    void a_complete_allow_list_offers_exactly_its_entries() throws Exception {
        AllowList allow = read("""
                processes:
                  worker: { match: "sleep 31337", signal: TERM, restart: "systemctl start worker" }
                  api: { pidfile: /run/api.pid }
                services:
                  nginx: { stop: [systemctl, stop, nginx], start: "systemctl start nginx" }
                cpu: { maxCores: 2 }
                memory: { maxMegabytes: 256 }
                disks:
                  scratch: { path: /var/tmp/kunren, maxMegabytes: 50 }
                """);
        assertThat(allow.offered()).containsExactly("process:worker", "process:api", "service:nginx", "disk:scratch", "cpu", "memory");
        assertThat(allow.processes().get("worker").kill()).as("TERM, not KILL").isFalse();
        assertThat(allow.processes().get("worker").restart()).containsExactly("systemctl", "start", "worker");
        assertThat(allow.services().get("nginx").stop()).containsExactly("systemctl", "stop", "nginx");
        assertThat(allow.maxCores()).isEqualTo(2);
        assertThat(allow.disks().get("scratch").maxMegabytes()).isEqualTo(50);
    }

    @Test
    void an_empty_allow_list_offers_nothing() throws Exception {
        assertThat(read("").offered()).isEmpty();
        assertThat(read("cpu: {}\n").offered()).as("no maxCores: no cpu-stress").isEmpty();
    }

    @Test
    void every_mistake_is_named_with_where_it_is() throws Exception {
        assertThatThrownBy(() -> read("""
                processes:
                  worker: { match: "sh" }
                  both: { match: "java -jar", pidfile: /run/x.pid }
                  Loud: { match: "loud-thing", signal: HUP }
                services:
                  nginx: { stop: "systemctl stop nginx" }
                cpu: { maxCores: -1 }
                network: { cut: true }
                """)).isInstanceOf(AgentException.class).message()
                .contains("processes.worker.match: at least 3 characters")
                .contains("processes.both: give exactly one of match (a command-line substring) or pidfile")
                .contains("processes.Loud.signal: KILL or TERM, not HUP")
                .contains("services.nginx: give both stop and start commands")
                .contains("cpu.maxCores: expected a whole number, not -1")
                .contains("unknown key \"network\"")
                .contains("\"Loud\": an entry's name is lower-case");
        assertThatThrownBy(() -> read("processes: [a, b]\n")).isInstanceOf(AgentException.class)
                .hasMessageContaining("processes: expected keys and values");
        assertThatThrownBy(() -> read("processes: {worker: {match: [x\n")).isInstanceOf(AgentException.class)
                .hasMessageContaining("not valid YAML");
        assertThatThrownBy(() -> AllowList.read(dir.resolve("missing.yaml"))).isInstanceOf(AgentException.class)
                .hasMessageContaining("cannot read the allow-list");
    }

    @Test
    void offered_names_are_what_a_scenario_may_write() throws Exception {
        List<String> offered = read("processes: { worker-2: { match: \"sleep 1\" } }\n").offered();
        assertThat(offered).singleElement().satisfies(n -> assertThat(n.substring("process:".length()))
                .matches("[a-z0-9][a-z0-9._-]{0,62}"));
    }
}
