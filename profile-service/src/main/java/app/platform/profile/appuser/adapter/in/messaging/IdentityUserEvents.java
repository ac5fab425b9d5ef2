package app.platform.profile.appuser.adapter.in.messaging;

import app.platform.events.EventEnvelope;
import app.platform.events.EventJson;
import app.platform.events.EventMetadata;
import app.platform.events.Topics;
import app.platform.consumer.ReactiveIdempotentConsumer;
import app.platform.events.identity.PasskeyRegistered;
import app.platform.events.identity.PasskeyRemoved;
import app.platform.events.identity.TwoFactorDisabled;
import app.platform.events.identity.TwoFactorEnabled;
import app.platform.events.identity.UserBanned;
import app.platform.events.identity.UserDeleted;
import app.platform.events.identity.UserEmailChanged;
import app.platform.events.identity.UserEmailVerified;
import app.platform.events.identity.UserRegistered;
import app.platform.events.identity.UserUnbanned;
import app.platform.profile.appuser.application.CreateAppUser;
import app.platform.profile.appuser.application.FollowIdentityStatus;
import app.platform.profile.privacy.application.PersonalData;
import app.platform.profile.settings.application.Settings;
import java.time.Duration;
import java.util.UUID;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Consumes identity's user events; each applied once, in one transaction with its processed-event mark: new users,
 * status and address, the two-factor and passkey state mirrored into the security settings, and erasure when the
 * account is deleted.
 */
@Component
class IdentityUserEvents {

    /** The listener's id (not its group: the service's own, as before it had an id). */
    static final String LISTENER = "profile-identity-events";


    private final ReactiveIdempotentConsumer idempotent;
    private final CreateAppUser createAppUser;
    private final FollowIdentityStatus followStatus;
    private final Settings settings;
    private final PersonalData personalData;

    IdentityUserEvents(ReactiveIdempotentConsumer idempotent, CreateAppUser createAppUser,
                       FollowIdentityStatus followStatus, Settings settings, PersonalData personalData) {
        this.idempotent = idempotent;
        this.createAppUser = createAppUser;
        this.followStatus = followStatus;
        this.settings = settings;
        this.personalData = personalData;
    }

    /** The identity user an event is about: the aggregate id, which is also the app user's id. */
    private static UUID user(EventEnvelope event) {
        return UUID.fromString(event.aggregateId());
    }

    @KafkaListener(id = IdentityUserEvents.LISTENER, idIsGroup = false, topics = Topics.IDENTITY_USER)
    void on(String message) {
        EventEnvelope event = EventJson.read(message);
        switch (event.eventType()) {
            case UserRegistered.TYPE -> idempotent.once(event, createAppUser::on).block(Duration.ofSeconds(30));
            case UserEmailVerified.TYPE, UserEmailChanged.TYPE, UserBanned.TYPE, UserUnbanned.TYPE ->
                    idempotent.once(event, followStatus::on).block(Duration.ofSeconds(30));
            case TwoFactorEnabled.TYPE, TwoFactorDisabled.TYPE -> idempotent.once(event, e -> settings.mirrorTwoFactor(
                    user(e), e.eventType().equals(TwoFactorEnabled.TYPE))).block(Duration.ofSeconds(30));
            case UserDeleted.TYPE -> idempotent.once(event, e -> personalData.close(user(e), "identity_deleted",
                    EventMetadata.causedBy(e, "profile-service"))).block(Duration.ofSeconds(30));
            case PasskeyRegistered.TYPE, PasskeyRemoved.TYPE -> idempotent.once(event, e -> settings.mirrorPasskeys(
                    user(e), e.eventType().equals(PasskeyRegistered.TYPE) ? 1 : -1)).block(Duration.ofSeconds(30));
            default -> {
                // other identity events change nothing here
            }
        }
    }
}
