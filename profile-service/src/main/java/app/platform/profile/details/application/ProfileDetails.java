package app.platform.profile.details.application;

import app.platform.events.EventMetadata;
import app.platform.outbox.ReactiveOutbox;
import app.platform.events.profile.ProfileUpdated;
import app.platform.profile.details.domain.ProfileField;
import app.platform.errors.NotFound;
import app.platform.errors.VersionConflict;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import reactor.core.publisher.Mono;

/** My profile: read it with its version, change fields (validated, optimistic by version) with {@code ProfileUpdated}. */
@Service
public class ProfileDetails {

    public record Profile(Map<String, Object> fields, int version) {
    }

    private final ProfileStore store;
    private final ReactiveOutbox outbox;
    private final Clock clock;

    public ProfileDetails(ProfileStore store, ReactiveOutbox outbox, Clock clock) {
        this.store = store;
        this.outbox = outbox;
        this.clock = clock;
    }

    public Mono<Profile> read(UUID userId) {
        return store.read(userId).switchIfEmpty(Mono.error(() -> new NotFound("profile")));
    }

    @Transactional
    public Mono<Profile> change(UUID userId, Map<String, Object> rawChange, Integer expected, EventMetadata metadata) {
        return Mono.fromCallable(() -> ProfileField.validate(rawChange))
                .flatMap(change -> store.update(userId, change, expected)
                        .switchIfEmpty(Mono.defer(() -> store.read(userId)
                                .flatMap(exists -> Mono.<Integer>error(new VersionConflict()))
                                .switchIfEmpty(Mono.error(() -> new NotFound("profile")))))
                        .flatMap(version -> outbox.append(new ProfileUpdated(userId,
                                change.keySet().stream().map(ProfileField::key).toList(), clock.instant()), metadata)))
                .then(read(userId));
    }

    /**
     * Sets fields already validated (an import's, {@link ProfileField#imported}) where they differ from the stored
     * ones, as a change does, with {@code ProfileUpdated} naming them; when none differs nothing happens.
     */
    @Transactional
    public Mono<Void> set(UUID userId, Map<ProfileField, Object> fields, EventMetadata metadata) {
        return read(userId).flatMap(profile -> {
            Map<ProfileField, Object> changed = new LinkedHashMap<>();
            fields.forEach((field, value) -> {
                if (!Objects.equals(Objects.toString(profile.fields().get(field.key()), null), Objects.toString(value, null))) {
                    changed.put(field, value);
                }
            });
            return changed.isEmpty() ? Mono.<Void>empty() : store.update(userId, changed, null)
                    .then(outbox.append(new ProfileUpdated(userId, changed.keySet().stream().map(ProfileField::key).toList(),
                            clock.instant()), metadata))
                    .then();
        });
    }
}
