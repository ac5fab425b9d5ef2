package app.platform.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.platform.events.identity.UserRegistered;
import app.platform.events.profile.AppUserCreated;
import app.platform.events.schema.EventSchemaValidator;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EventContractTest {

    final EventMetadata meta = new EventMetadata("corr-1", "user:" + UUID.randomUUID());

    @Test
    void eventsRoundTripThroughTheEnvelopeAndKeepTheirSchema() {
        var registered = new UserRegistered(UUID.randomUUID(), "a@example.com", false, "password", false, Instant.now());
        var envelope = EventEnvelope.wrap(registered, meta, Instant.parse("2026-01-01T00:00:00Z"));
        String json = EventJson.write(envelope);

        EventSchemaValidator.assertValid(json);
        assertThat(json).contains("\"occurredAt\":\"2026-01-01T00:00:00Z\"").contains("\"eventType\":\"UserRegistered\"");
        EventEnvelope back = EventJson.read(json);
        assertThat(back.dataAs(UserRegistered.class)).isEqualTo(registered);
        assertThat(back.topic()).isEqualTo(Topics.IDENTITY_USER);

        var created = new AppUserCreated(UUID.randomUUID(), registered.userId(), "Pending", null);
        EventSchemaValidator.assertValid(EventJson.write(EventEnvelope.wrap(created, meta, Instant.now())));
    }

    @Test
    void theValidatorRejectsWhatBreaksTheContract() {
        var envelope = EventEnvelope.wrap(new AppUserCreated(UUID.randomUUID(), UUID.randomUUID(), "Unknown", null),
                meta, Instant.now());
        assertThat(EventSchemaValidator.problems(EventJson.write(envelope))).singleElement().asString().contains("status");
        assertThat(EventSchemaValidator.problems("{\"eventType\":\"X\"}")).isNotEmpty();
    }

    @Test
    void garbageIsAMalformedEvent() {
        assertThatThrownBy(() -> EventJson.read("not json")).isInstanceOf(EventJson.MalformedEvent.class);
        assertThat(Topics.ALL_EVENTS.matcher("identity.user.events").matches()).isTrue();
        assertThat(Topics.ALL_EVENTS.matcher("identity.user.events.dlt").matches()).isFalse();
    }
}
