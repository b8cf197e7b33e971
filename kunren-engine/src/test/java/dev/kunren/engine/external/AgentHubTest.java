package dev.kunren.engine.external;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kunren.engine.timeline.TimelineEvent;
import dev.kunren.engine.timeline.TimelineEvent.AgentActed;
import dev.kunren.engine.timeline.TimelineEvent.AgentConnected;
import dev.kunren.engine.timeline.TimelineEvent.AgentLost;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The drill's side of its agents, without sockets: polls, commands, reports, a halt heard, an agent lost. */
class AgentHubTest {

    private final List<TimelineEvent> events = new CopyOnWriteArrayList<>();
    private Instant now = Instant.parse("2026-12-02T08:00:00Z");
    private final AgentHub hub = new AgentHub(List.of("host-1"), (at, event) -> {
        events.add(event);
        return null;
    }, () -> Duration.ZERO, new Clock() {
        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    });
    private final AgentHub.Hello hello = new AgentHub.Hello("app-host", List.of("process:worker", "cpu"), List.of(), "");

    @Test
    void a_command_waiting_is_answered_at_once_and_its_report_lands_on_the_timeline() throws Exception {
        hub.poll("host-1", hello, List.of(), Duration.ZERO);
        assertThat(events).singleElement().isInstanceOf(AgentConnected.class);
        assertThat(hub.refusal("host-1", "process:worker")).isEmpty();
        assertThat(hub.refusal("host-1", "disk:scratch")).hasValueSatisfying(why -> assertThat(why).contains("does not offer disk:scratch"));
        String id = hub.send("host-1", "apply", "kill", "kill-process", Map.of("process", "worker"), Map.of(), Duration.ofMinutes(1));
        List<AgentHub.Command> commands = hub.poll("host-1", hello, List.of(), Duration.ofSeconds(3));
        assertThat(commands).singleElement().satisfies(c -> assertThat(c.id()).isEqualTo(id));
        hub.poll("host-1", hello, List.of(new AgentHub.Report(id, "kill", "apply", true, "sent KILL to 42")), Duration.ZERO);
        assertThat(events).filteredOn(AgentActed.class::isInstance).singleElement()
                .satisfies(e -> assertThat(((AgentActed) e).detail()).isEqualTo("sent KILL to 42"));
    }

    @Test
    void a_halt_is_done_when_every_agent_has_answered_even_with_nothing_to_do() throws Exception {
        hub.poll("host-1", hello, List.of(), Duration.ZERO);
        hub.revertEverything();
        String id = hub.poll("host-1", hello, List.of(), Duration.ZERO).getFirst().id();
        assertThat(hub.awaitReports(Duration.ZERO)).as("not answered yet").isFalse();
        hub.poll("host-1", hello, List.of(new AgentHub.Report(id, "", "revert-all", true, "nothing was active", false)), Duration.ZERO);
        assertThat(hub.awaitReports(Duration.ZERO)).isTrue();
        assertThat(events).as("a revert-all that changed nothing is not news").noneMatch(AgentActed.class::isInstance);
    }

    @Test
    void an_agent_silent_past_the_dead_man_time_is_lost_and_not_waited_for() throws Exception {
        hub.poll("host-1", hello, List.of(), Duration.ZERO);
        hub.revertEverything();
        now = now.plus(AgentHub.DEAD_MAN).plusSeconds(1);
        hub.check();
        assertThat(events).filteredOn(AgentLost.class::isInstance).hasSize(1);
        assertThat(hub.awaitReports(Duration.ZERO)).as("its own switch reverts; the halt does not wait").isTrue();
        assertThat(hub.refusal("host-1", "cpu")).hasValueSatisfying(why -> assertThat(why).contains("not connected"));
    }
}
