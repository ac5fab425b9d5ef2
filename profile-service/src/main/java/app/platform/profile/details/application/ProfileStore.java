package app.platform.profile.details.application;

import app.platform.profile.details.application.ProfileDetails.Profile;
import app.platform.profile.details.domain.ProfileField;
import java.util.Map;
import java.util.UUID;
import reactor.core.publisher.Mono;

/** A port of {@link ProfileDetails}, implemented in {@code adapter.out}. */
public interface ProfileStore {
    Mono<Profile> read(UUID userId);

    /** Applies the change if the version is {@code expected} (any when null): the new version, or empty. */
    Mono<Integer> update(UUID userId, Map<ProfileField, Object> change, Integer expected);
}
