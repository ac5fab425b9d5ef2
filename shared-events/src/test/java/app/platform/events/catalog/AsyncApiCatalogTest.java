package app.platform.events.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import app.platform.events.EventJson;
import app.platform.events.Topics;
import app.platform.events.schema.EventSchemaValidator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** The committed AsyncAPI catalogue is what the schemas generate, and it describes every event truthfully. */
class AsyncApiCatalogTest {

    static final Path SCHEMAS = Path.of("src/main/resources/schemas");
    static final Path COMMITTED = Path.of("src/main/resources/asyncapi/asyncapi.json");
    static final String REGENERATE = COMMITTED + " is not what the schemas generate: run "
            + "`./mvnw -pl shared-events test -Dtest=AsyncApiCatalogTest -Dasyncapi.write=true` to regenerate";

    @Test
    void theCommittedCatalogueIsUpToDate() throws IOException {
        String generated = AsyncApiCatalog.generate(SCHEMAS);
        if (Boolean.getBoolean("asyncapi.write")) {
            Files.createDirectories(COMMITTED.getParent());
            Files.writeString(COMMITTED, generated);
        }
        assertThat(COMMITTED).as(REGENERATE).exists();
        assertThat(Files.readString(COMMITTED).equals(generated)).as(REGENERATE).isTrue();
    }

    @Test
    void everySchemaHasAMessageWhoseExampleKeepsTheContract() throws IOException {
        JsonNode doc = generated();
        Set<String> described = new TreeSet<>();
        for (Map.Entry<String, JsonNode> entry : doc.path("components").path("messages").properties()) {
            JsonNode message = entry.getValue();
            JsonNode example = message.path("examples").path(0);
            JsonNode payload = example.path("payload");
            String type = payload.path("eventType").asString();
            String schemaFile = type + ".v" + payload.path("schemaVersion").asInt() + ".json";
            described.add(schemaFile);

            assertThat(message.path("name").asString()).as(entry.getKey()).isEqualTo(type);
            assertThat(message.path("summary").asString()).as(entry.getKey()).isNotBlank();
            assertThat(example.path("headers").path("eventType").asString()).as(entry.getKey()).isEqualTo(type);
            assertThat(EventSchemaValidator.problems(EventJson.MAPPER.writeValueAsString(payload)))
                    .as("the example of %s", entry.getKey()).isEmpty();
            String dataRef = message.path("payload").path("properties").path("data").path("$ref").asString();
            ObjectNode schema = (ObjectNode) EventJson.MAPPER.readTree(SCHEMAS.resolve(schemaFile));
            assertThat(doc.at(dataRef.replaceFirst("^#", ""))).as("the data schema of %s", entry.getKey())
                    .isEqualTo(schema.without(List.of("$schema", "$id")));
        }
        assertThat(described).as("a message per schema file").isNotEmpty().isEqualTo(schemaFiles());
    }

    @Test
    void everyChannelIsATopicWhoseMessagesAndOperationResolve() throws IOException {
        JsonNode doc = generated();
        assertThat(doc.path("asyncapi").asString()).isEqualTo("3.0.0");

        Map<String, String> topicOf = new HashMap<>();
        for (Map.Entry<String, JsonNode> channel : doc.path("channels").properties()) {
            String topic = channel.getValue().path("address").asString();
            assertThat(topic).as(channel.getKey()).matches(Topics.ALL_EVENTS);
            for (Map.Entry<String, JsonNode> ref : channel.getValue().path("messages").properties()) {
                assertThat(ref.getValue().path("$ref").asString()).isEqualTo("#/components/messages/" + ref.getKey());
                JsonNode example = doc.path("components").path("messages").path(ref.getKey()).path("examples").path(0);
                String aggregateType = example.path("payload").path("aggregateType").asString();
                assertThat(topic).as("the topic of %s", ref.getKey()).isEqualTo(Topics.forAggregate(aggregateType));
                assertThat(topicOf.put(ref.getKey(), topic)).as("%s is on one channel only", ref.getKey()).isNull();
            }
        }
        assertThat(topicOf)
                .containsEntry("UserRegistered", Topics.IDENTITY_USER)
                .containsEntry("AppUserCreated", Topics.PROFILE_USER)
                .containsEntry("PaymentSucceeded", Topics.BILLING_PAYMENT)
                .containsEntry("KycApproved", Topics.MEMBERSHIP_KYC)
                .containsOnlyKeys(doc.path("components").path("messages").propertyNames());

        Set<String> received = new TreeSet<>();
        for (JsonNode operation : doc.path("operations")) {
            assertThat(operation.path("action").asString()).isEqualTo("receive");
            received.add(operation.path("channel").path("$ref").asString());
        }
        assertThat(received).isEqualTo(doc.path("channels").propertyNames().stream()
                .map(c -> "#/channels/" + c).collect(Collectors.toCollection(TreeSet::new)));

        List<String> refs = doc.findValuesAsString("$ref");
        assertThat(refs).isNotEmpty().allSatisfy(ref -> {
            assertThat(ref).startsWith("#/");
            assertThat(doc.at(ref.substring(1)).isMissingNode()).as("%s resolves", ref).isFalse();
        });
    }

    private static JsonNode generated() throws IOException {
        return EventJson.MAPPER.readTree(AsyncApiCatalog.generate(SCHEMAS));
    }

    private static Set<String> schemaFiles() throws IOException {
        try (Stream<Path> files = Files.list(SCHEMAS)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(name -> name.endsWith(".json") && !name.equals(AsyncApiCatalog.ENVELOPE))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
    }
}
