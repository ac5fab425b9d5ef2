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
    public Mono<AppUserStatus> linkLegacyId(UUID userId, UUID legacyId, AppUserStatus status, String email, boolean verified) {
        return db.sql("""
                        UPDATE users u SET legacy_id = :legacy, status = :status, email = coalesce(:email, u.email),
                            email_verified = :verified, updated_at = now()
                        FROM (SELECT status FROM users WHERE id = :id FOR UPDATE) before
                        WHERE u.id = :id RETURNING before.status""")
                .bind("legacy", legacyId).bind("status", status.name()).bind("verified", verified).bind("id", userId)
                .bind("email", email == null ? "" : email)
                .map((r, m) -> AppUserStatus.valueOf(r.get(0, String.class))).one();
    }
}
