package app.platform.profile.legacy.application;

import app.platform.profile.appuser.domain.AppUser;
import java.util.UUID;
import reactor.core.publisher.Mono;

/** What only the import writes: an app user's legacy id, and what the legacy row says of the user. */
public interface LegacyProfileStore {
    /** Whether the app user's personal data was erased here (closed here), its row share-locked to the transaction's end. */
    Mono<Boolean> erasedShared(UUID userId);

    /** Links the legacy id and takes the user's status, holds, address and its verification as given. */
    Mono<Void> linkLegacyId(UUID legacyId, AppUser user);
}
