package app.platform.profile.legacy.adapter.out.persistence;

import app.platform.profile.appuser.domain.AppUser;
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
    public Mono<Boolean> erasedShared(UUID userId) {
        return db.sql("SELECT erased_at IS NOT NULL FROM users WHERE id = :id FOR SHARE").bind("id", userId)
                .map((r, m) -> Boolean.TRUE.equals(r.get(0, Boolean.class))).one();
    }

    @Override
    public Mono<Void> linkLegacyId(UUID legacyId, AppUser user) {
        return db.sql("""
                        UPDATE users SET legacy_id = :legacy, status = :status, email = :email, email_verified = :verified,
                            banned = :banned, suspended_by_operator = :byOperator, updated_at = now()
                        WHERE id = :id""")
                .bind("legacy", legacyId).bind("status", user.status().name()).bind("email", user.email() == null ? "" : user.email())
                .bind("verified", user.emailVerified()).bind("banned", user.holds().banned())
                .bind("byOperator", user.holds().byOperator()).bind("id", user.id())
                .then();
    }
}
