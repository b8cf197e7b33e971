package dev.kunren.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kunren.engine.clock.ManualDrillClock;
import dev.kunren.engine.drill.Drill;
import dev.kunren.engine.drill.DrillProgress;
import dev.kunren.engine.scenario.Scenario;
import dev.kunren.engine.scenario.ScenarioLoader;
import dev.kunren.engine.timeline.EventRecord;
import dev.kunren.engine.timeline.Timeline;
import dev.kunren.engine.timeline.TimelineEvent.ExpectationJudged;
import dev.kunren.engine.timeline.TimelineEvent.PublicUpdatePosted;
import dev.kunren.server.console.ConsoleApi;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A headless drill's team runs its incident from the terminal: {@code kunren console declare,
 * take-role, public-update, answer, expectations…} against the console API of a real drill.
 */
class ConsoleIncidentCommandTest {

    private static final Scenario TABLETOP = ScenarioLoader.parse("tabletop.yaml", """
            name: tabletop
            title: Only people
            duration: 10m
            environment: none
            incident:
              roles: [incident-commander, customer-liaison]
              components: [booking, payments]
            messages:
              - id: call
                at: 1m
                from: Sato
                to: customer-liaison
                text: Is it down?
                expect:
                  - answer: 2m
                  - declare: 2m
                  - first-public-update: 5m
            """);

    private final Timeline timeline = new Timeline("d", record -> { }, Clock.systemUTC());
    private final ManualDrillClock clock = new ManualDrillClock();
    private final AtomicReference<DrillProgress> progress = new AtomicReference<>();
    private final Drill drill = new Drill(TABLETOP, clock, timeline, 7, List.of("red"), List.of(), progress::set);
    private ConsoleApi api;
    private String url;

    @BeforeEach
    void start() throws Exception {
        api = new ConsoleApi(drill.teams(), drill::environment, timeline).withIncidentCommand(TABLETOP, drill, clock)
                .start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        url = "http://127.0.0.1:" + api.address().getPort();
    }

    @AfterEach
    void stop() {
        drill.halt();
        api.close();
    }

    private CliTest.Result console(String... verbAndArguments) {
        List<String> args = new java.util.ArrayList<>(List.of("console", "--url", url, "--team", "red", "--as", "aiko"));
        args.addAll(List.of(verbAndArguments));
        return CliTest.kunren(args.toArray(String[]::new));
    }

    /** Moves drill time one second at a time, each time waiting until the drill has done that second. */
    private void advanceTo(int seconds) {
        while (clock.elapsed().toSeconds() < seconds) {
            clock.advance(Duration.ofSeconds(1));
            long target = clock.elapsed().toSeconds();
            await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1)).atMost(Duration.ofSeconds(5))
                    .until(() -> progress.get() != null && progress.get().elapsed().toSeconds() >= target);
        }
    }

    @Test
    void a_team_declares_tells_customers_and_answers_the_call_from_the_terminal_and_meets_its_expectations() {
        CliTest.Result early = console("declare", "SEV2", "Booking fails");
        assertThat(early.code()).isEqualTo(1);
        assertThat(early.err()).contains("409 the drill has not started yet");

        Thread.ofVirtual().start(drill::run);
        advanceTo(61);
        CliTest.Result messages = console("messages");
        assertThat(messages.code()).as(messages.err()).isZero();
        assertThat(messages.out()).contains("\"id\" : \"call\"", "Is it down?");

        assertThat(console("declare", "SEV2", "Booking fails for every member").code()).isZero();
        assertThat(console("take-role", "INC-1", "incident-commander").code()).isZero();
        assertThat(console("hand-over", "INC-1", "customer-liaison", "Ben").code()).isZero();
        // a message's own "$1" stays as written
        CliTest.Result update = console("public-update", "INC-1", "investigating", "Bookings fail. Refunds of $1 fees follow.",
                "--component-state", "booking=major-outage");
        assertThat(update.code()).as(update.err()).isZero();
        assertThat(console("internal-update", "INC-1", "Booking fails for all", "On-call investigating", "Support holds replies").code())
                .isZero();
        assertThat(console("action-item", "INC-1", "Page the liaison with the on-call", "aiko", "2026-12-01").code()).isZero();
        assertThat(console("answer", "call", "Yes, we know and are on it; next update within 20 minutes.").code()).isZero();
        advanceTo(62);

        PublicUpdatePosted posted = timeline.records().stream().map(EventRecord::event).filter(PublicUpdatePosted.class::isInstance)
                .map(PublicUpdatePosted.class::cast).findFirst().orElseThrow();
        assertThat(posted.message()).isEqualTo("Bookings fail. Refunds of $1 fees follow.");
        assertThat(posted.components()).isEqualTo(Map.of("booking", "major-outage"));
        assertThat(posted.by()).isEqualTo("aiko");
        CliTest.Result incidents = console("incidents");
        assertThat(incidents.out()).contains("\"person\" : \"aiko\"", "\"person\" : \"Ben\"", "\"status\" : \"investigating\"",
                "On-call investigating", "Page the liaison with the on-call");
        assertThat(timeline.records().stream().map(EventRecord::event).filter(ExpectationJudged.class::isInstance)
                .map(ExpectationJudged.class::cast)).extracting(j -> j.expectationId() + "=" + j.met())
                .containsExactlyInAnyOrder("call/answer=true", "call/declare=true", "call/first-public-update=true");
        assertThat(console("expectations").out()).contains("\"state\" : \"met\"").doesNotContain("\"state\" : \"missed\"");

        assertThat(console("incident-status", "INC-1", "resolved").code()).isZero();
        CliTest.Result backwards = console("incident-status", "INC-1", "identified");
        assertThat(backwards.code()).isEqualTo(1);
        assertThat(backwards.err()).contains("409");
    }

    @Test
    void mistakes_are_one_line_each_and_record_nothing() {
        Thread.ofVirtual().start(drill::run);
        advanceTo(61);
        int before = timeline.records().size();

        CliTest.Result unknownMessage = console("answer", "nosuch", "hello");
        assertThat(unknownMessage.code()).isEqualTo(1);
        assertThat(unknownMessage.err()).startsWith("kunren console: 404 ").doesNotContain("Exception");
        CliTest.Result badSeverity = console("declare", "SEV9", "x");
        assertThat(badSeverity.code()).isEqualTo(1);
        assertThat(badSeverity.err()).contains("400");
        assertThat(console("declare", "SEV2", "x").code()).as("the one command that records").isZero();
        CliTest.Result badComponent = console("public-update", "INC-1", "investigating", "m", "--component-state", "kitchen=major-outage");
        assertThat(badComponent.err()).contains("400 no component kitchen");
        CliTest.Result wrongVerb = console("messages", "--component-state", "booking=major-outage");
        assertThat(wrongVerb.code()).isEqualTo(2);
        CliTest.Result otherTeam = CliTest.kunren("console", "--url", url, "--team", "blue", "messages");
        assertThat(otherTeam.code()).isEqualTo(1);
        assertThat(otherTeam.err()).contains("404 no team blue");
        assertThat(console("acknowledge", "availability-low").err()).contains("409 alert availability-low is not firing");
        assertThat(console("instances").err()).contains("409 this is a tabletop drill: there is no practice system to operate");

        assertThat(timeline.records()).hasSize(before + 1).last().extracting(r -> r.event().getClass().getSimpleName())
                .isEqualTo("IncidentDeclared");
    }
}
