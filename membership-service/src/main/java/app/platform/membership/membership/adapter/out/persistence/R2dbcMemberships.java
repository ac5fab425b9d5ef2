package app.platform.membership.membership.adapter.out.persistence;

import app.platform.membership.membership.application.Memberships;
import app.platform.membership.membership.domain.Membership;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;

@Repository
class R2dbcMemberships implements Memberships {

    private final DatabaseClient db;

    R2dbcMemberships(DatabaseClient db) {
        this.db = db;
    }

    @Override
    public Flux<Membership> ofUser(UUID userId) {
        return db.sql("SELECT * FROM user_memberships WHERE user_id = :user ORDER BY created_at")
                .bind("user", userId)
                .map(r -> new Membership(r.get("id", UUID.class), r.get("user_id", UUID.class),
                        r.get("plan", String.class), r.get("status", String.class),
                        instant(r.get("started_at", OffsetDateTime.class)), instant(r.get("ends_at", OffsetDateTime.class))))
                .all();
    }

    private static java.time.Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }
}
