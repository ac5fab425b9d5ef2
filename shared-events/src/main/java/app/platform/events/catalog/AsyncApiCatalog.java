package app.platform.events.catalog;

import app.platform.events.DomainEvent;
import app.platform.events.EventJson;
import app.platform.events.EventMetadata;
import app.platform.events.Topics;
import java.io.IOException;
import java.lang.reflect.Array;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import tools.jackson.core.util.DefaultIndenter;
import tools.jackson.core.util.DefaultPrettyPrinter;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.BooleanNode;
import tools.jackson.databind.node.IntNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.StringNode;

/**
 * Generates the AsyncAPI 3.0.0 catalogue of the domain events from {@code schemas/<Type>.v<N>.json} and the event
 * records (whose aggregate type routes them to {@code <aggregateType>.events}). Output is deterministic.
 */
public final class AsyncApiCatalog {

    /** The envelope's version, also the catalogue's. */
    private static final String VERSION = "1";
    static final String ENVELOPE = "envelope.v" + VERSION + ".json";

    private static final Pattern SCHEMA_FILE = Pattern.compile("([A-Z][A-Za-z]+)\\.v([0-9]+)\\.json");
    private static final List<String> EVENT_PACKAGES = List.of("identity", "profile", "billing", "membership");
    private static final String SAMPLE_ID = "3f2504e0-4f89-41d3-9a0c-0305e82c3301";
    private static final String SAMPLE_EVENT_ID = "0b7d9f2a-6c1e-4e0a-9d3b-5f8a2c4e6b10";
    private static final String SAMPLE_CORRELATION_ID = "c6a1e0d2-8f4b-4a7c-9e3d-1b2f3a4c5d6e";
    private static final String SAMPLE_TIME = "2026-01-01T00:00:00Z";
    /** Sample values for the patterned strings of the schemas; a new pattern needs one here. */
    private static final Map<String, String> PATTERN_SAMPLES = Map.of(
            "^[A-Z]{3}$", "EUR",
            "^[0-9]{4}$", "4242",
            "^[0-9a-f]{64}$", "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08");
    private static final DefaultIndenter INDENTER = new DefaultIndenter("  ", "\n");
    private static final ObjectWriter WRITER = EventJson.MAPPER.writer()
            .with(new DefaultPrettyPrinter().withObjectIndenter(INDENTER).withArrayIndenter(INDENTER));

    private AsyncApiCatalog() {
    }

    /** One schema file: the event type and version, the schema, and the aggregate type of its record. */
    private record Event(String type, int version, ObjectNode schema, String aggregateType) {

        /** The message and schema name: the type, with {@code .v<N>} from version 2 on. */
        String id() {
            return version == 1 ? type : type + ".v" + version;
        }
    }

    /** Writes the catalogue to {@code args[0]}, from the schemas in {@code args[1]} (default: this module's). */
    public static void main(String[] args) throws IOException {
        Path target = Path.of(args[0]);
        Path schemas = Path.of(args.length > 1 ? args[1] : "src/main/resources/schemas");
        Files.createDirectories(target.toAbsolutePath().getParent());
        Files.writeString(target, generate(schemas));
    }

    /**
     * The Markdown table of every event (topic, event, version, what it says, its required fields) that
     * shared-events' README carries; generated from the same schemas as the AsyncAPI document.
     */
    public static String markdown(Path schemasDir) throws IOException {
        StringBuilder table = new StringBuilder("| topic | event | version | what happened | required fields |\n|---|---|---|---|---|\n");
        events(schemasDir).stream()
                .sorted(java.util.Comparator.comparing((Event e) -> Topics.forAggregate(e.aggregateType()))
                        .thenComparing(Event::type).thenComparingInt(Event::version))
                .forEach(e -> {
                    List<String> required = new ArrayList<>();
                    e.schema().path("required").forEach(field -> required.add("`" + field.asString() + "`"));
                    table.append("| `").append(Topics.forAggregate(e.aggregateType())).append("` | ").append(e.type())
                            .append(" | ").append(e.version()).append(" | ").append(summary(e).replace("|", "\\|"))
                            .append(" | ").append(String.join(", ", required)).append(" |\n");
                });
        return table.toString();
    }

    /** The AsyncAPI document, pretty-printed JSON ending in a newline. */
    public static String generate(Path schemasDir) throws IOException {
        ObjectNode envelope = read(schemasDir.resolve(ENVELOPE));
        List<Event> events = events(schemasDir);
        Map<String, List<Event>> byAggregate = new TreeMap<>();
        events.forEach(e -> byAggregate.computeIfAbsent(e.aggregateType(), a -> new ArrayList<>()).add(e));

        ObjectNode doc = EventJson.MAPPER.createObjectNode();
        doc.put("asyncapi", "3.0.0");
        doc.putObject("info")
                .put("title", "Membership platform events")
                .put("version", VERSION)
                .put("description", """
                        Every domain event of the platform, as cdc-relay publishes it from the services' outboxes: \
                        one topic per aggregate (`<aggregateType>.events`), keyed by the aggregate id; the value is \
                        the event envelope, whose `data` is the event. Each event is published once: cdc-relay \
                        writes each batch in a Kafka transaction, so read `read_committed` (a batch a crash cut off \
                        is aborted, then published again); consumers still deduplicate by `eventId`. A record a consumer gives up on goes, with the error in its \
                        headers, to `<topic>.dlt`. Schemas change only additively; a breaking change is a new \
                        `schemaVersion`. Generated from shared-events/src/main/resources/schemas by \
                        AsyncApiCatalog: do not edit.""");
        doc.put("defaultContentType", "application/json");
        ObjectNode channels = doc.putObject("channels");
        ObjectNode operations = doc.putObject("operations");
        byAggregate.forEach((aggregateType, ofAggregate) -> {
            String topic = Topics.forAggregate(aggregateType);
            channels.set(topic, channel(topic, aggregateType, ofAggregate));
            operations.set("receive." + topic, operation(topic, aggregateType, ofAggregate));
        });
        ObjectNode components = doc.putObject("components");
        ObjectNode messages = components.putObject("messages");
        ObjectNode schemas = components.putObject("schemas");
        for (Event e : events) {
            messages.set(e.id(), message(e, envelope));
            schemas.set(e.id(), withoutIds(e.schema()));
        }
        return WRITER.writeValueAsString(doc) + "\n";
    }

    private static List<Event> events(Path schemasDir) throws IOException {
        List<String> names;
        try (Stream<Path> files = Files.list(schemasDir)) {
            names = files.map(p -> p.getFileName().toString()).sorted().toList();
        }
        List<Event> events = new ArrayList<>();
        for (String name : names) {
            Matcher m = SCHEMA_FILE.matcher(name);
            if (m.matches()) {
                events.add(new Event(m.group(1), Integer.parseInt(m.group(2)), read(schemasDir.resolve(name)),
                        aggregateType(m.group(1))));
            }
        }
        return events;
    }

    /** The aggregate type of the record {@code app.platform.events.<domain>.<type>}: it decides the topic. */
    private static String aggregateType(String type) {
        for (String domain : EVENT_PACKAGES) {
            Class<?> eventClass;
            try {
                eventClass = Class.forName("app.platform.events." + domain + "." + type);
            } catch (ClassNotFoundException notInThisDomain) {
                continue;
            }
            DomainEvent event = blank(eventClass);
            if (!event.eventType().equals(type)) {
                throw new IllegalStateException(eventClass.getName() + " has the event type " + event.eventType());
            }
            return event.aggregateType();
        }
        throw new IllegalStateException("schema " + type + " has no event record in app.platform.events."
                + EVENT_PACKAGES);
    }

    /** The record with every component zero or null: enough to ask for its (constant) type and aggregate type. */
    private static DomainEvent blank(Class<?> eventClass) {
        Class<?>[] types = Arrays.stream(eventClass.getRecordComponents()).map(RecordComponent::getType)
                .toArray(Class<?>[]::new);
        Object[] zeros = Arrays.stream(types).map(t -> t.isPrimitive() ? Array.get(Array.newInstance(t, 1), 0) : null)
                .toArray();
        try {
            return (DomainEvent) eventClass.getDeclaredConstructor(types).newInstance(zeros);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot instantiate " + eventClass.getName(), e);
        }
    }

    private static ObjectNode channel(String topic, String aggregateType, List<Event> events) {
        ObjectNode channel = EventJson.MAPPER.createObjectNode();
        channel.put("address", topic);
        channel.put("description", "Events of the `" + aggregateType + "` aggregate, keyed by its id, so one "
                + "aggregate's events stay in order. A record a consumer gives up on (after retries; a malformed one "
                + "at once) is published, with the error in its headers, to `" + Topics.deadLetter(topic) + "`.");
        ObjectNode messages = channel.putObject("messages");
        events.forEach(e -> messages.putObject(e.id()).put("$ref", "#/components/messages/" + e.id()));
        return channel;
    }

    private static ObjectNode operation(String topic, String aggregateType, List<Event> events) {
        ObjectNode operation = EventJson.MAPPER.createObjectNode();
        operation.put("action", "receive");
        operation.putObject("channel").put("$ref", "#/channels/" + topic);
        operation.put("title", "Receive " + aggregateType + " events");
        operation.put("summary", "Consume `" + topic + "` in the subscriber's own consumer group (its service "
                + "name), processing each `eventId` once.");
        ArrayNode messages = operation.putArray("messages");
        events.forEach(e -> messages.addObject().put("$ref", "#/channels/" + topic + "/messages/" + e.id()));
        return operation;
    }

    private static ObjectNode message(Event e, ObjectNode envelope) {
        ObjectNode message = EventJson.MAPPER.createObjectNode();
        message.put("name", e.type());
        message.put("title", e.type());
        message.put("summary", summary(e));
        message.put("contentType", "application/json");
        message.set("headers", headers(e));
        message.putObject("correlationId").put("location", "$message.header#/correlationId");
        ObjectNode kafka = message.putObject("bindings").putObject("kafka");
        kafka.putObject("key").put("type", "string")
                .put("description", "The aggregate id (`aggregateId` of the envelope).");
        kafka.put("bindingVersion", "0.5.0");
        message.set("payload", payload(e, envelope));
        ObjectNode example = message.putArray("examples").addObject();
        example.put("summary", "Required properties only");
        example.putObject("headers")
                .put("id", SAMPLE_EVENT_ID)
                .put("eventType", e.type())
                .put("correlationId", SAMPLE_CORRELATION_ID);
        example.putObject("payload")
                .put("eventId", SAMPLE_EVENT_ID)
                .put("eventType", e.type())
                .put("schemaVersion", e.version())
                .put("occurredAt", SAMPLE_TIME)
                .put("aggregateType", e.aggregateType())
                .put("aggregateId", SAMPLE_ID)
                .put("correlationId", SAMPLE_CORRELATION_ID)
                .put("actor", EventMetadata.SYSTEM)
                .set("data", minimalInstance(e.schema()));
        return message;
    }

    /** The schema's title without its {@code <Type>: } prefix, capitalised. */
    private static String summary(Event e) {
        String title = e.schema().path("title").stringValue(e.type());
        String summary = title.startsWith(e.type() + ": ") ? title.substring(e.type().length() + 2) : title;
        return Character.toUpperCase(summary.charAt(0)) + summary.substring(1);
    }

    /** The Kafka headers cdc-relay's outbox router sets: the outbox row's id, type and correlation id. */
    private static ObjectNode headers(Event e) {
        ObjectNode headers = EventJson.MAPPER.createObjectNode().put("type", "object");
        headers.putArray("required").add("id").add("eventType");
        ObjectNode properties = headers.putObject("properties");
        properties.putObject("id").put("type", "string").put("format", "uuid")
                .put("description", "The event id (`eventId` of the envelope).");
        properties.putObject("eventType").put("type", "string").put("const", e.type())
                .put("description", "The event type (`eventType` of the envelope).");
        properties.putObject("correlationId").put("type", "string")
                .put("description", "The request the event belongs to (`correlationId` of the envelope); absent "
                        + "when the envelope has none.");
        return headers;
    }

    /** The envelope schema, fixed to this event, with {@code data} referring to the event schema. */
    private static ObjectNode payload(Event e, ObjectNode envelope) {
        ObjectNode payload = withoutIds(envelope);
        ObjectNode properties = (ObjectNode) payload.get("properties");
        ((ObjectNode) properties.get("eventType")).put("const", e.type());
        ((ObjectNode) properties.get("schemaVersion")).put("const", e.version());
        ((ObjectNode) properties.get("aggregateType")).put("const", e.aggregateType());
        properties.putObject("data").put("$ref", "#/components/schemas/" + e.id());
        return payload;
    }

    /** A small valid instance: required properties only, one array item, the first enum value or type, samples. */
    private static JsonNode minimalInstance(JsonNode schema) {
        if (schema.has("enum")) {
            return schema.get("enum").get(0);
        }
        JsonNode type = schema.path("type");
        return switch (type.isArray() ? type.get(0).asString() : type.asString()) {
            case "object" -> {
                ObjectNode object = EventJson.MAPPER.createObjectNode();
                for (JsonNode name : schema.path("required")) {
                    object.set(name.asString(), minimalInstance(schema.path("properties").path(name.asString())));
                }
                yield object;
            }
            case "array" -> EventJson.MAPPER.createArrayNode().add(minimalInstance(schema.path("items")));
            case "string" -> StringNode.valueOf(sampleString(schema));
            case "integer", "number" -> IntNode.valueOf(1);
            case "boolean" -> BooleanNode.FALSE;
            default -> throw new IllegalStateException("no example for the schema " + schema);
        };
    }

    private static String sampleString(JsonNode schema) {
        if (schema.has("pattern")) {
            String sample = PATTERN_SAMPLES.get(schema.get("pattern").asString());
            if (sample == null) {
                throw new IllegalStateException("no sample for the pattern " + schema.get("pattern")
                        + ": add one to AsyncApiCatalog.PATTERN_SAMPLES");
            }
            return sample;
        }
        return switch (schema.path("format").asString()) {
            case "uuid" -> SAMPLE_ID;
            case "date-time" -> SAMPLE_TIME;
            case "email" -> "member@example.com";
            default -> "text";
        };
    }

    private static ObjectNode withoutIds(ObjectNode schema) {
        return schema.deepCopy().without(List.of("$schema", "$id"));
    }

    private static ObjectNode read(Path file) {
        return (ObjectNode) EventJson.MAPPER.readTree(file);
    }
}
