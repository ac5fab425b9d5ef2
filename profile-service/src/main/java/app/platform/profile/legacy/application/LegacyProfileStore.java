package app.platform.profile.legacy.application;

import app.platform.profile.appuser.domain.AppUserStatus;
import java.util.UUID;
import reactor.core.publisher.Mono;

/** What only the import writes: an app user's legacy id, and the legacy row's status, address and verification. */
public interface LegacyProfileStore {
    /** The app user's status, its row locked until the transaction ends. */
    Mono<AppUserStatus> statusForUpdate(UUID userId);

    /** The app user's status, its row share-locked until the transaction ends (a close waits). */
    Mono<AppUserStatus> statusShared(UUID userId);

    /** Links the legacy id and takes the status, the address (a null one keeps ours) and its verification. */
    Mono<Void> linkLegacyId(UUID userId, UUID legacyId, AppUserStatus status, String email, boolean verified);

    /** Links the legacy id only (a closed account: its personal fields stay erased). */
    Mono<Void> linkLegacyId(UUID userId, UUID legacyId);
}
