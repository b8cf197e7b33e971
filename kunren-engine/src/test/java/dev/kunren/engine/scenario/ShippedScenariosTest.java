package dev.kunren.engine.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.kunren.engine.fault.FaultType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The scenarios we ship and the published JSON Schema must agree with the loader. */
class ShippedScenariosTest {

    private static final Path ROOT = Path.of("..");

    /** The scenarios in scenarios/, and those among the examples (an agent's allow-list is YAML too, but no scenario). */
    private static List<Path> shipped() throws IOException {
        try (Stream<Path> scenarios = Files.list(ROOT.resolve("scenarios")); Stream<Path> examples = Files.walk(ROOT.resolve("examples"))) {
            return Stream.concat(scenarios, examples).filter(f -> f.toString().endsWith(".yaml")).filter(ShippedScenariosTest::isScenario)
                    .sorted().toList();
        }
    }

    private static boolean isScenario(Path file) {
        try {
            return Files.readAllLines(file).contains("kunren: 1");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void every_shipped_scenario_loads() throws IOException {
        assertThat(shipped()).isNotEmpty().allSatisfy(file -> assertThat(ScenarioLoader.load(file).name())
                .isEqualTo(file.getFileName().toString().replace(".yaml", "")));
    }

    @Test
    void every_shipped_scenario_matches_the_published_schema() throws IOException {
        JsonSchema schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                .getSchema(Files.readString(ROOT.resolve("docs/scenario.schema.json")));
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        for (Path file : shipped()) {
            JsonNode node = yaml.readTree(file.toFile());
            Set<ValidationMessage> problems = schema.validate(node);
            assertThat(problems).as(file.toString()).isEmpty();
        }
    }

    @Test
    void the_schema_rejects_what_the_loader_rejects() throws IOException {
        JsonSchema schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                .getSchema(Files.readString(ROOT.resolve("docs/scenario.schema.json")));
        JsonNode broken = new ObjectMapper(new YAMLFactory()).readTree("""
                name: broken
                title: Broken
                duration: 5 minutes
                injects:
                  - at: 1m
                    fault: cpu-hgo
                    duration: 1m
                """);

        assertThat(schema.validate(broken)).extracting(ValidationMessage::getInstanceLocation)
                .map(Object::toString).contains("$.duration", "$.injects[0].fault");
    }

    @Test
    void schema_lists_exactly_the_fault_types_the_engine_knows() throws IOException {
        JsonNode schema = new ObjectMapper().readTree(ROOT.resolve("docs/scenario.schema.json").toFile());
        List<String> listed = Stream.of(schema.at("/$defs/inject/properties/fault/enum"))
                .flatMap(n -> java.util.stream.StreamSupport.stream(n.spliterator(), false)).map(JsonNode::asText).sorted().toList();
        assertThat(listed).isEqualTo(FaultType.keys());
    }

    @Test
    void schema_lists_exactly_the_expectation_kinds_the_engine_knows() throws IOException {
        JsonNode schema = new ObjectMapper().readTree(ROOT.resolve("docs/scenario.schema.json").toFile());
        List<String> listed = new java.util.ArrayList<>();
        schema.at("/$defs/expectation/oneOf").forEach(n -> listed.add(n.at("/required/0").asText()));
        assertThat(listed).isEqualTo(dev.kunren.engine.expectation.ExpectationKind.keys());
    }
}
