package app.platform.profile.legacy.application;

import app.platform.profile.appuser.domain.AppUserStatus;
import java.util.UUID;
import reactor.core.publisher.Mono;

/** What only the import writes: an app user's legacy id. */
public interface LegacyProfileStore {
    /** Links the legacy id and takes the legacy row's status, address and verification; emits the status before. */
    Mono<AppUserStatus> linkLegacyId(UUID userId, UUID legacyId, AppUserStatus status, String email, boolean verified);
}
