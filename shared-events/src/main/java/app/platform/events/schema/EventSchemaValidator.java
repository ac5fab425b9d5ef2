package app.platform.events.schema;

import app.platform.events.EventJson;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;

/**
 * Validates an event, as it travels on Kafka, against the contract: the envelope schema and the data schema
 * {@code schemas/<eventType>.v<schemaVersion>.json}. Used by every module's tests (needs json-schema-validator,
 * which the testkit brings).
 */
public final class EventSchemaValidator {

    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
            b -> b.schemaRegistryConfig(SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build()));
    private static final Map<String, Schema> CACHE = new ConcurrentHashMap<>();

    private EventSchemaValidator() {
    }

    /** The problems found; empty when the event keeps its contract. */
    public static List<String> problems(String eventJson) {
        JsonNode event = EventJson.MAPPER.readTree(eventJson);
        List<String> problems = new ArrayList<>(check("envelope.v1.json", event));
        if (problems.isEmpty()) {
            String name = event.get("eventType").asString() + ".v" + event.get("schemaVersion").asInt() + ".json";
            if (EventSchemaValidator.class.getResource("/schemas/" + name) == null) {
                problems.add("no schema " + name + " for this event type");
            } else {
                problems.addAll(check(name, event.get("data")));
            }
        }
        return problems;
    }

    public static void assertValid(String eventJson) {
        List<String> problems = problems(eventJson);
        if (!problems.isEmpty()) {
            throw new AssertionError("event breaks its schema: " + problems + "\n" + eventJson);
        }
    }

    private static List<String> check(String schemaName, JsonNode node) {
        Schema schema = CACHE.computeIfAbsent(schemaName, EventSchemaValidator::load);
        return schema.validate(node).stream().map(Error::toString).map(s -> schemaName + ": " + s).toList();
    }

    private static Schema load(String name) {
        try (InputStream in = EventSchemaValidator.class.getResourceAsStream("/schemas/" + name)) {
            return REGISTRY.getSchema(EventJson.MAPPER.readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
