package app.platform.events;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.json.JsonMapper;

/** The one JSON mapping of events: ISO-8601 instants, unknown fields tolerated (additive schema changes). */
public final class EventJson {

    public static final JsonMapper MAPPER = JsonMapper.builder()
            .disable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private EventJson() {
    }

    public static String write(EventEnvelope envelope) {
        return MAPPER.writeValueAsString(envelope);
    }

    /** Parses an envelope; throws {@link MalformedEvent} when the text is not one. */
    public static EventEnvelope read(String json) {
        try {
            return MAPPER.readValue(json, EventEnvelope.class);
        } catch (RuntimeException e) {
            throw new MalformedEvent("not an event envelope: " + e.getMessage(), e);
        }
    }

    /** An event that can never be processed: it goes to the dead-letter topic without retries. */
    public static final class MalformedEvent extends RuntimeException {
        public MalformedEvent(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
