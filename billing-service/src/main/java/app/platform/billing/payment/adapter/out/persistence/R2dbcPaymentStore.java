package app.platform.billing.payment.adapter.out.persistence;

import app.platform.billing.payment.application.PaymentStore;
import app.platform.runtime.Times;
import app.platform.billing.payment.application.PaymentLedger;
import app.platform.billing.payment.domain.Payment;
import app.platform.billing.payment.domain.PaymentStatus;
import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

@Repository
class R2dbcPaymentStore implements PaymentStore {

    private final DatabaseClient db;

    R2dbcPaymentStore(DatabaseClient db) {
        this.db = db;
    }

    @Override
    public Mono<Boolean> insert(Payment p) {
        var spec = db.sql("""
                        INSERT INTO user_payments (id, user_id, subscription_id, payment_method_id, period_start, attempt,
                            amount_minor, currency, status, refunded_minor, provider_ref, failure_code, created_at)
                        VALUES (:id, :user, :subscription, :method, :period, :attempt, :amount, :currency, :status, :refunded,
                            :ref, :failure, :at)
                        ON CONFLICT (subscription_id, period_start, attempt) WHERE period_start IS NOT NULL DO NOTHING""")
                .bind("id", p.id()).bind("user", p.userId()).bind("attempt", p.attempt()).bind("amount", p.amountMinor())
                .bind("currency", p.currency()).bind("status", p.status().code()).bind("refunded", p.refundedMinor())
                .bind("at", Times.utc(p.createdAt()));
        spec = p.subscriptionId() == null ? spec.bindNull("subscription", UUID.class) : spec.bind("subscription", p.subscriptionId());
        spec = p.paymentMethodId() == null ? spec.bindNull("method", UUID.class) : spec.bind("method", p.paymentMethodId());
        spec = p.periodStart() == null ? spec.bindNull("period", OffsetDateTime.class) : spec.bind("period", Times.utc(p.periodStart()));
        spec = p.providerRef() == null ? spec.bindNull("ref", String.class) : spec.bind("ref", p.providerRef());
        spec = p.failureCode() == null ? spec.bindNull("failure", String.class) : spec.bind("failure", p.failureCode());
        return spec.fetch().rowsUpdated().map(n -> n == 1);
    }

    @Override
    public Mono<Payment> find(UUID id) {
        return db.sql("SELECT * FROM user_payments WHERE id = :id").bind("id", id).map(R2dbcPaymentStore::payment).one();
    }

    @Override
    public Mono<Payment> forUpdate(UUID id) {
        return db.sql("SELECT * FROM user_payments WHERE id = :id FOR UPDATE").bind("id", id)
                .map(R2dbcPaymentStore::payment).one();
    }

    @Override
    public Mono<Payment> forUpdateByProviderRef(String providerRef) {
        return db.sql("SELECT * FROM user_payments WHERE provider_ref = :ref FOR UPDATE").bind("ref", providerRef)
                .map(R2dbcPaymentStore::payment).one();
    }

    @Override
    public Mono<Payment> pendingOf(UUID subscriptionId) {
        return db.sql("SELECT * FROM user_payments WHERE subscription_id = :s AND status = 'pending' LIMIT 1")
                .bind("s", subscriptionId).map(R2dbcPaymentStore::payment).one();
    }

    @Override
    public Flux<Payment> ofUser(UUID userId) {
        return db.sql("SELECT * FROM user_payments WHERE user_id = :user ORDER BY created_at DESC LIMIT 200")
                .bind("user", userId).map(R2dbcPaymentStore::payment).all();
    }

    @Override
    public Mono<Void> update(UUID id, PaymentStatus status, long refundedMinor, String failureCode, Instant at) {
        var spec = db.sql("""
                        UPDATE user_payments SET status = :status, refunded_minor = :refunded, failure_code = :failure,
                            updated_at = :at WHERE id = :id""")
                .bind("status", status.code()).bind("refunded", refundedMinor).bind("at", Times.utc(at)).bind("id", id);
        return (failureCode == null ? spec.bindNull("failure", String.class) : spec.bind("failure", failureCode)).then();
    }

    @Override
    public Mono<PaymentLedger.IdempotentRequest> key(UUID userId, String key) {
        return db.sql("SELECT request_hash, payment_id FROM payment_idempotency_keys WHERE user_id = :user AND key = :key")
                .bind("user", userId).bind("key", key)
                .map(r -> new PaymentLedger.IdempotentRequest(r.get("request_hash", String.class), r.get("payment_id", UUID.class)))
                .one();
    }

    @Override
    public Mono<Boolean> insertKey(UUID userId, String key, String requestHash, UUID paymentId) {
        return db.sql("""
                        INSERT INTO payment_idempotency_keys (user_id, key, request_hash, payment_id)
                        VALUES (:user, :key, :hash, :payment) ON CONFLICT (user_id, key) DO NOTHING""")
                .bind("user", userId).bind("key", key).bind("hash", requestHash).bind("payment", paymentId)
                .fetch().rowsUpdated().map(n -> n == 1);
    }

    static Payment payment(Readable r) {
        return new Payment(r.get("id", UUID.class), r.get("user_id", UUID.class), r.get("subscription_id", UUID.class),
                r.get("payment_method_id", UUID.class), Times.instant(r.get("period_start", OffsetDateTime.class)), r.get("attempt", Integer.class),
                r.get("amount_minor", Long.class), r.get("currency", String.class),
                PaymentStatus.of(r.get("status", String.class)), r.get("refunded_minor", Long.class),
                r.get("provider_ref", String.class), r.get("failure_code", String.class), Times.instant(r.get("created_at", OffsetDateTime.class)));
    }
}
