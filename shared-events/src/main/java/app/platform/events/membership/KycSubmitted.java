package app.platform.events.membership;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A member submitted identity documents (types only: no document numbers or contents). */
public record KycSubmitted(UUID userId, List<String> documentTypes, Instant submittedAt) implements KycEvent {

    public static final String TYPE = "KycSubmitted";

    @Override
    public String eventType() {
        return TYPE;
    }
}
