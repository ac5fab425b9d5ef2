package app.platform.billing.subscription.adapter.out.persistence;

import app.platform.billing.subscription.application.Subscriptions;
import app.platform.billing.subscription.domain.Subscription;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;

@Repository
class R2dbcSubscriptions implements Subscriptions {

    private final DatabaseClient db;

    R2dbcSubscriptions(DatabaseClient db) {
        this.db = db;
    }

    @Override
    public Flux<Subscription> ofUser(UUID userId) {
        return db.sql("SELECT * FROM user_subscriptions WHERE user_id = :user ORDER BY created_at")
                .bind("user", userId)
                .map(r -> {
                    OffsetDateTime end = r.get("current_period_end", OffsetDateTime.class);
                    return new Subscription(r.get("id", UUID.class), r.get("user_id", UUID.class),
                            r.get("plan", String.class), r.get("price_minor", Long.class), r.get("currency", String.class),
                            r.get("billing_interval", String.class), r.get("status", String.class),
                            end == null ? null : end.toInstant());
                })
                .all();
    }
}
