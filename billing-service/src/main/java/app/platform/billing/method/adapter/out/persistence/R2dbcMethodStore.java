package app.platform.billing.method.adapter.out.persistence;

import app.platform.billing.method.application.MethodStore;
import app.platform.runtime.Times;
import java.time.OffsetDateTime;
import app.platform.billing.method.application.PaymentMethods;
import app.platform.billing.method.domain.PaymentMethod;
import io.r2dbc.spi.Readable;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

@Repository
class R2dbcMethodStore implements MethodStore {

    private final DatabaseClient db;

    R2dbcMethodStore(DatabaseClient db) {
        this.db = db;
    }

    @Override
    public Flux<PaymentMethod> ofUser(UUID userId) {
        return db.sql("SELECT * FROM user_payment_methods WHERE user_id = :user ORDER BY created_at")
                .bind("user", userId).map(R2dbcMethodStore::method).all();
    }

    @Override
    public Mono<PaymentMethod> find(UUID userId, UUID id) {
        return db.sql("SELECT * FROM user_payment_methods WHERE user_id = :user AND id = :id")
                .bind("user", userId).bind("id", id).map(R2dbcMethodStore::method).one();
    }

    @Override
    public Mono<PaymentMethod> defaultForUpdate(UUID userId) {
        return db.sql("SELECT pg_advisory_xact_lock(hashtextextended('billing.cards:' || :user, 0))").bind("user", userId.toString())
                .then().then(defaultOf(userId));
    }

    @Override
    public Mono<PaymentMethod> defaultOf(UUID userId) {
        return db.sql("SELECT * FROM user_payment_methods WHERE user_id = :user AND is_default")
                .bind("user", userId).map(R2dbcMethodStore::method).one();
    }

    @Override
    public Mono<Void> insert(PaymentMethod m) {
        return db.sql("""
                        INSERT INTO user_payment_methods (id, user_id, provider_token, brand, last4, exp_month, exp_year, is_default, created_at)
                        VALUES (:id, :user, :token, :brand, :last4, :month, :year, :default, :at)""")
                .bind("id", m.id()).bind("user", m.userId()).bind("token", m.providerToken()).bind("brand", m.brand())
                .bind("last4", m.last4()).bind("month", (short) m.expMonth()).bind("year", (short) m.expYear())
                .bind("default", m.isDefault()).bind("at", Times.utc(m.createdAt()))
                .then();
    }

    @Override
    public Mono<Void> makeDefault(UUID userId, UUID id) {
        return db.sql("UPDATE user_payment_methods SET is_default = false WHERE user_id = :user AND is_default AND id <> :id")
                .bind("user", userId).bind("id", id).then()
                .then(db.sql("UPDATE user_payment_methods SET is_default = true WHERE id = :id").bind("id", id).then());
    }

    @Override
    public Mono<Void> delete(UUID id) {
        return db.sql("DELETE FROM user_payment_methods WHERE id = :id").bind("id", id).then();
    }

    @Override
    public Mono<Boolean> usedByLiveSubscription(UUID userId, UUID id, boolean isDefault) {
        return db.sql("""
                        SELECT count(*) AS n FROM user_subscriptions WHERE user_id = :user AND status <> 'cancelled'
                           AND (payment_method_id = :id OR (payment_method_id IS NULL AND :isDefault))""")
                .bind("user", userId).bind("id", id).bind("isDefault", isDefault)
                .map(r -> r.get("n", Long.class) > 0).one();
    }

    @Override
    public Mono<Void> deleteAllOf(UUID userId) {
        return db.sql("DELETE FROM user_payment_methods WHERE user_id = :user").bind("user", userId).then();
    }

    static PaymentMethod method(Readable r) {
        return new PaymentMethod(r.get("id", UUID.class), r.get("user_id", UUID.class), r.get("provider_token", String.class),
                r.get("brand", String.class), r.get("last4", String.class), r.get("exp_month", Short.class),
                r.get("exp_year", Short.class), Boolean.TRUE.equals(r.get("is_default", Boolean.class)),
                Times.instant(r.get("created_at", OffsetDateTime.class)));
    }
}
