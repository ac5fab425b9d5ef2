package app.platform.profile.legacy.adapter.out.persistence;

import app.platform.profile.appuser.domain.AppUserStatus;
import app.platform.profile.legacy.application.LegacyProfileStore;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

@Repository
class R2dbcLegacyProfileStore implements LegacyProfileStore {

    private final DatabaseClient db;

    R2dbcLegacyProfileStore(DatabaseClient db) {
        this.db = db;
    }

    @Override
    public Mono<AppUserStatus> statusForUpdate(UUID userId) {
        return db.sql("SELECT status FROM users WHERE id = :id FOR UPDATE").bind("id", userId)
                .map((r, m) -> AppUserStatus.valueOf(r.get(0, String.class))).one();
    }

    @Override
    public Mono<AppUserStatus> statusShared(UUID userId) {
        return db.sql("SELECT status FROM users WHERE id = :id FOR SHARE").bind("id", userId)
                .map((r, m) -> AppUserStatus.valueOf(r.get(0, String.class))).one();
    }

    @Override
    public Mono<Void> linkLegacyId(UUID userId, UUID legacyId, AppUserStatus status, String email, boolean verified) {
        DatabaseClient.GenericExecuteSpec update = db.sql("""
                        UPDATE users SET legacy_id = :legacy, status = :status, email = coalesce(:email, email),
                            email_verified = :verified, updated_at = now()
                        WHERE id = :id""")
                .bind("legacy", legacyId).bind("status", status.name()).bind("verified", verified).bind("id", userId);
        return (email == null ? update.bindNull("email", String.class) : update.bind("email", email)).then();
    }

    @Override
    public Mono<Void> linkLegacyId(UUID userId, UUID legacyId) {
        return db.sql("UPDATE users SET legacy_id = :legacy, updated_at = now() WHERE id = :id")
                .bind("legacy", legacyId).bind("id", userId).then();
    }
}
