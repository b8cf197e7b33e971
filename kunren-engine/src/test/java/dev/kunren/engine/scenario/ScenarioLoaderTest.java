package dev.kunren.engine.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kunren.engine.fault.FaultType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScenarioLoaderTest {

    private static final String VALID = """
            kunren: 1
            name: tiny
            title: Tiny
            duration: 2m
            alerts:
              - name: cpu-high
                metric: cpu
                above: 90
                for: 30s
            injects:
              - id: hog
                at: 30s
                fault: cpu-hog
                target: web-1
                params:
                  percent: 100
                duration: 1m
                detectedBy: [cpu-high]
            """;

    @TempDir
    Path dir;

    private List<String> errors(String text) {
        try {
            ScenarioLoader.parse("s.yaml", text);
        } catch (ScenarioException e) {
            return e.errors().stream().map(ScenarioError::toString).toList();
        }
        throw new AssertionError("expected errors for:\n" + text);
    }

    @Test
    void valid_scenario_is_read_with_defaults_filled_in() {
        Scenario scenario = ScenarioLoader.parse("s.yaml", VALID);

        assertThat(scenario.name()).isEqualTo("tiny");
        assertThat(scenario.duration()).isEqualTo(Duration.ofMinutes(2));
        assertThat(scenario.environment().orElseThrow().instances()).isEqualTo(2);
        assertThat(scenario.steadyState().availability()).isEqualTo(0.99);
        assertThat(scenario.injects()).singleElement().satisfies(inject -> {
            assertThat(inject.type()).isEqualTo(FaultType.CPU_HOG);
            assertThat(inject.target()).contains("web-1");
            assertThat(inject.param("percent")).isEqualTo(100.0);
            assertThat(inject.detectedBy()).containsExactly("cpu-high");
        });
        assertThat(scenario.alerts().getFirst().forDuration()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void titles_purposes_and_alert_summaries_may_be_given_per_language() {
        Scenario scenario = ScenarioLoader.parse("s.yaml", VALID
                .replace("title: Tiny", "title:\n  en: Tiny\n  ja: 小さな訓練\npurpose: {ja: 試す}")
                .replace("    metric: cpu", "    summary: {en: CPU is high, ja: CPU が高い}\n    metric: cpu"));

        assertThat(scenario.title()).isEqualTo("Tiny");
        assertThat(scenario.titles()).isEqualTo(Map.of("en", "Tiny", "ja", "小さな訓練"));
        assertThat(scenario.purpose()).as("written in Japanese only, so that is the default").isEqualTo("試す");
        assertThat(scenario.alerts().getFirst().summary()).isEqualTo("CPU is high");
        assertThat(scenario.alerts().getFirst().summaries()).containsEntry("ja", "CPU が高い");
        assertThat(ScenarioLoader.parse("s.yaml", VALID).titles()).as("one text: no languages").isEmpty();

        assertThat(errors(VALID.replace("title: Tiny", "title: {fr: Petit}")))
                .containsExactly("s.yaml:3:8: title needs at least one language: en, ja",
                        "s.yaml:3:9: unknown key \"fr\" in title of the scenario; expected one of en, ja");
    }

    @Test
    void unknown_fault_type_names_the_known_ones_at_its_position() {
        assertThat(errors(VALID.replace("fault: cpu-hog", "fault: cpu-hgo"))).containsExactly(
                "s.yaml:13:12: fault type \"cpu-hgo\" is unknown; expected one of corrupt-config, cpu-hog, cut-route, db-lock, db-primary-down, db-replica-lag, db-slow-query, "
                + "delete-image, kill-instance, latency, leaked-key, payment-errors, payment-slow, traffic-spike");
    }

    @Test
    void wrong_type_is_reported_with_what_was_expected() {
        assertThat(errors(VALID.replace("percent: 100", "percent: lots"))).containsExactly(
                "s.yaml:16:16: percent must be a number, but was \"lots\"");
        assertThat(errors(VALID.replace("duration: 2m", "duration: [2m]"))).containsExactly(
                "s.yaml:4:11: duration must be a duration, but was a list");
    }

    @Test
    void negative_duration_is_refused() {
        assertThat(errors(VALID.replace("duration: 1m", "duration: -5s"))).containsExactly(
                "s.yaml:17:15: duration must be >= 1s, but was -5s");
    }

    @Test
    void missing_field_is_reported_at_the_mapping_that_lacks_it() {
        assertThat(errors(VALID.replace("title: Tiny\n", ""))).containsExactly(
                "s.yaml:1:1: missing key \"title\" in the scenario");
        assertThat(errors(VALID.replace("    fault: cpu-hog\n", ""))).containsExactly(
                "s.yaml:11:5: missing key \"fault\" in an inject");
    }

    @Test
    void yaml_syntax_error_points_at_the_problem() {
        assertThat(errors(VALID.replace("  - id: hog", "  - id: [hog"))).singleElement()
                .asString().startsWith("s.yaml:12:").contains("YAML syntax error");
    }

    @Test
    void empty_file_says_what_a_scenario_needs() {
        assertThat(errors("")).singleElement().asString().startsWith("s.yaml:1:1: the file is empty");
        assertThat(errors("# only a comment\n")).singleElement().asString().startsWith("s.yaml:1:1: the file has no content");
    }

    @Test
    void huge_file_is_refused_without_being_parsed() throws IOException {
        Path big = dir.resolve("big.yaml");
        Files.writeString(big, VALID + "# " + "x".repeat(5 * 1024 * 1024) + "\n");

        assertThatThrownBy(() -> ScenarioLoader.load(big)).isInstanceOf(ScenarioException.class)
                .hasMessage(big + ":1:1: the file is 5.2 MB; scenario files may be at most 1 MB");
    }

    @Test
    void every_error_in_a_file_is_reported_in_line_order() {
        String broken = VALID.replace("above: 90", "above: ninety").replace("target: web-1", "target: web-7")
                .replace("detectedBy: [cpu-high]", "detectedBy: [cpu-hi]");

        assertThat(errors(broken)).containsExactly(
                "s.yaml:8:12: above must be a number, but was \"ninety\"",
                "s.yaml:14:13: target \"web-7\" is not an instance, one of web-1..web-2 or random",
                "s.yaml:18:18: detectedBy names alert rule \"cpu-hi\", which the scenario does not define");
    }

    @Test
    void unknown_key_lists_the_allowed_ones() {
        assertThat(errors(VALID.replace("    at: 30s", "    when: 30s\n    at: 30s"))).containsExactly(
                "s.yaml:12:5: unknown key \"when\" in an inject; expected one of id, at, between, fault, target, params, duration, detectedBy, recur, teams, expect");
    }

    @Test
    void an_on_call_rotation_is_read_and_its_mistakes_are_reported_where_they_are() {
        String oncall = VALID + """
                oncall:
                  people:
                    - { name: alice, email: alice@example.com }
                    - { name: bob, webhook: "https://events.example.com/v2/enqueue" }
                  rotation: 1h
                  overrides: [ { person: bob, from: 0s, to: 1m } ]
                  escalation: [ { after: 1m, to: next }, { after: 30s, to: facilitator } ]
                  unavailable: [ { person: alice, reason: on holiday } ]
                """;
        var read = ScenarioLoader.parse("s.yaml", oncall).oncall().orElseThrow();
        assertThat(read.people()).extracting(p -> p.name()).containsExactly("alice", "bob");
        assertThat(read.onCallAt(Duration.ZERO)).isEqualTo("bob");
        assertThat(read.onCallAt(Duration.ofMinutes(1))).isEqualTo("alice");
        assertThat(read.whyUnavailable("alice")).hasValue("on holiday");

        assertThat(errors(oncall.replace("email: alice@example.com", "email: alice").replace("to: next", "to: carol")
                .replace("person: alice, reason", "person: dave, reason").replace("to: 1m }", "to: 0s }")))
                .containsExactly(
                        "s.yaml:21:29: an e-mail address such as alice@example.com, not \"alice\"",
                        "s.yaml:24:45: an override ends (to) after it begins (from)",
                        "s.yaml:25:34: escalate to next, facilitator or one of the people (alice, bob), not \"carol\"",
                        "s.yaml:26:28: dave is not one of the people on call (alice, bob)");
        assertThat(errors(VALID + "oncall: { rotation: 1h }\n")).containsExactly(
                "s.yaml:19:9: oncall needs people: a list of { name, email, webhook } to page");
    }

    @Test
    void inject_after_the_end_of_the_drill_is_refused() {
        assertThat(errors(VALID.replace("at: 30s", "at: 3m"))).containsExactly(
                "s.yaml:12:9: the inject must come before the end of the drill (2m 00s)");
    }

    @Test
    void alias_bombs_are_refused() {
        String bomb = "a: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b]\n"
                + "d: [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\n";
        assertThat(errors(bomb)).isNotEmpty().allSatisfy(e -> assertThat(e).startsWith("s.yaml:"));
    }

    @Test
    void not_utf8_is_refused(@TempDir Path temp) throws IOException {
        Path file = temp.resolve("latin1.yaml");
        Files.write(file, new byte[] {'n', 'a', 'm', 'e', ':', ' ', (byte) 0xE9, '\n'});

        assertThatThrownBy(() -> ScenarioLoader.load(file)).hasMessage(file + ":1:1: the file is not UTF-8 text");
    }

    @Test
    void a_tabletop_scenario_has_messages_and_no_system() {
        Scenario scenario = ScenarioLoader.parse("t.yaml", """
                name: desk
                title: Desk
                duration: 10m
                environment: none
                incident:
                  roles: [incident-commander, customer-liaison]
                  publicUpdateEvery: 10m
                messages:
                  - at: 1m
                    from: Sato
                    to: customer-liaison
                    text: Is it down?
                    expect:
                      - answer: 3m
                      - first-public-update: 5m
                        points: 20
                        penalty: 60
                """);
        assertThat(scenario.tabletop()).isTrue();
        assertThat(scenario.incident().roles()).containsExactly("incident-commander", "customer-liaison");
        assertThat(scenario.incident().publicUpdateEvery()).hasMinutes(10);
        assertThat(scenario.incident().firstPublicUpdate()).hasMinutes(5);
        assertThat(scenario.messages()).singleElement().satisfies(m -> {
            assertThat(m.id()).isEqualTo("message-1");
            assertThat(m.channel()).isEqualTo("phone");
        });
        assertThat(scenario.expectations()).extracting(e -> e.id() + " " + e.points() + " " + e.penalty())
                .containsExactly("message-1/answer 100.0 0.0", "message-1/first-public-update 20.0 60.0");
    }

    @Test
    void a_scenario_may_expect_the_postmortem_and_says_where_that_is_wrong() {
        Scenario scenario = ScenarioLoader.parse("t.yaml", """
                name: desk
                title: Desk
                duration: 10m
                postmortem:
                  within: 48h
                  penalty: 50
                """);
        assertThat(scenario.postmortem()).hasValueSatisfying(p -> {
            assertThat(p.within()).hasHours(48);
            assertThat(p.points()).isEqualTo(100);
            assertThat(p.penalty()).isEqualTo(50);
        });
        assertThat(ScenarioLoader.parse("t.yaml", "name: desk\ntitle: Desk\nduration: 10m\n").postmortem()).isEmpty();
        assertThat(errors("""
                name: desk
                title: Desk
                duration: 10m
                postmortem:
                  within: 2 days
                  by: tomorrow
                """)).containsExactly(
                "s.yaml:5:11: within must be a duration such as 250ms, 90s, 5m or 1h, but was \"2 days\"",
                "s.yaml:6:3: unknown key \"by\" in postmortem of the scenario; expected one of within, points, penalty");
    }

    @Test
    void a_tabletop_scenario_refuses_what_needs_a_system_and_needs_messages() {
        assertThat(errors("""
                name: desk
                title: Desk
                duration: 10m
                environment: none
                traffic:
                  rate: 5
                """)).containsExactly(
                "s.yaml:5:1: traffic has no meaning in a tabletop scenario (environment: none): there is no system to measure or break");
        assertThat(errors("""
                name: desk
                title: Desk
                duration: 10m
                environment: none
                """)).containsExactly(
                "s.yaml:4:14: a tabletop scenario (environment: none) runs on messages; add some under messages:");
    }

    @Test
    void broken_messages_and_expectations_are_reported_where_they_are() {
        assertThat(errors("""
                name: desk
                title: Desk
                duration: 10m
                alerts:
                  - name: cpu-high
                    metric: cpu
                    above: 90
                injects:
                  - at: 1m
                    fault: kill-instance
                    target: web-1
                    expect:
                      - answer: 1m
                      - acknowledge: 2m
                        alert: cpu-hgh
                      - declare: 1m
                        resolve: 2m
                messages:
                  - at: 20m
                    from: Sato
                    channel: fax
                    to: ceo
                    text: { fr: Bonjour }
                """)).containsExactly(
                "s.yaml:13:9: answer is expected of message injects only",
                "s.yaml:15:16: alert rule \"cpu-hgh\" is not defined in the scenario",
                "s.yaml:16:9: an expectation names exactly one of alert-fires, acknowledge, declare, first-internal-update, "
                        + "first-public-update, public-updates-every, resolve, answer, page-acknowledged with its limit, e.g. \"- declare: 5m\"",
                "s.yaml:19:9: the message must come before the end of the drill (10m 00s)",
                "s.yaml:21:14: channel \"fax\" is unknown; expected one of phone, email, chat",
                "s.yaml:22:9: role \"ceo\" is not one of the scenario's roles: incident-commander, deputy, scribe, operations, "
                        + "customer-liaison, internal-liaison",
                "s.yaml:23:11: text needs at least one language: en, ja",
                "s.yaml:23:13: unknown key \"fr\" in text of a message; expected one of en, ja");
    }
}
