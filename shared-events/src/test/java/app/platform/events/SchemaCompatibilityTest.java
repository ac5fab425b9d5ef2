package app.platform.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The contract only grows: every committed baseline schema is still there, changed only additively. */
class SchemaCompatibilityTest {

    static final Path CURRENT = Path.of("src/main/resources/schemas");
    static final Path BASELINE = Path.of("src/test/resources/schema-baseline");

    @Test
    void everySchemaChangeAgainstTheBaselineIsAdditive() throws IOException {
        for (Path base : schemaFiles(BASELINE)) {
            Path current = CURRENT.resolve(base.getFileName());
            assertThat(current).as("schema %s was deleted; publish a new version instead", base.getFileName()).exists();
            assertThat(SchemaCompatibility.breakingChanges(read(base), read(current)))
                    .as("%s changed in a breaking way: add %s with a new version", base.getFileName(), base.getFileName())
                    .isEmpty();
        }
    }

    @Test
    void everySchemaIsLockedInTheBaseline() throws IOException {
        for (Path current : schemaFiles(CURRENT)) {
            assertThat(BASELINE.resolve(current.getFileName()))
                    .as("new schema %s: copy it into %s to lock the contract", current.getFileName(), BASELINE)
                    .exists();
        }
    }

    @Test
    void additiveChangesPass() {
        JsonNode before = json("""
                {"type":"object","required":["a"],"properties":{"a":{"type":"string","enum":["x"]}}}""");
        JsonNode after = json("""
                {"type":"object","required":["a"],"properties":{"a":{"type":"string","enum":["x","y"]},"b":{"type":"integer"}}}""");
        assertThat(SchemaCompatibility.breakingChanges(before, after)).isEmpty();
    }

    @Test
    void breakingChangesAreNamed() {
        JsonNode before = json("""
                {"type":"object","required":["a"],"properties":{"a":{"type":"string","enum":["x","y"]},"b":{"type":"integer"},"c":{"type":"string"}}}""");
        JsonNode after = json("""
                {"type":"object","required":["a","c"],"properties":{"a":{"type":"string","enum":["x"]},"c":{"type":"integer"}}}""");
        assertThat(SchemaCompatibility.breakingChanges(before, after)).containsExactlyInAnyOrder(
                "/a: enum value y removed",
                "/c: became required",
                "/b: property removed",
                "/c: 'type' changed from \"string\" to \"integer\"");
    }

    private static List<Path> schemaFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
    }

    private static JsonNode read(Path p) throws IOException {
        return EventJson.MAPPER.readTree(Files.readString(p));
    }

    private static JsonNode json(String s) {
        return EventJson.MAPPER.readTree(s);
    }
}
