package app.platform.profile.legacy.application;

import app.platform.profile.appuser.domain.AppUser;
import app.platform.profile.appuser.domain.AppUserStatus;
import java.util.UUID;
import reactor.core.publisher.Mono;

/** What only the import writes: an app user's legacy id, and what the legacy row says of the user. */
public interface LegacyProfileStore {
    /** The app user's status, its row share-locked until the transaction ends (a close waits). */
    Mono<AppUserStatus> statusShared(UUID userId);

    /** Links the legacy id and takes the user's status, holds, address and its verification as given. */
    Mono<Void> linkLegacyId(UUID legacyId, AppUser user);
}
