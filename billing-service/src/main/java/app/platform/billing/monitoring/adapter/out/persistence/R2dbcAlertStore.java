package app.platform.billing.monitoring.adapter.out.persistence;

import app.platform.billing.monitoring.application.AlertStore;
import app.platform.runtime.Times;
import app.platform.billing.monitoring.application.Monitoring;
import app.platform.events.EventJson;
import io.r2dbc.postgresql.codec.Json;
import io.r2dbc.spi.Readable;
import java.time.OffsetDateTime;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

@Repository
class R2dbcAlertStore implements AlertStore {

    private final DatabaseClient db;

    R2dbcAlertStore(DatabaseClient db) {
        this.db = db;
    }

    @Override
    public Mono<Boolean> insert(Monitoring.Alert a) {
        return db.sql("""
                        INSERT INTO transaction_monitoring (id, user_id, subject_type, subject_id, rule, severity, details, created_at)
                        VALUES (:id, :user, :type, :subject, :rule, :severity, CAST(:details AS jsonb), :at)
                        ON CONFLICT (subject_id, rule) DO NOTHING""")
                .bind("id", a.id()).bind("user", a.userId()).bind("type", a.subjectType()).bind("subject", a.subjectId())
                .bind("rule", a.rule()).bind("severity", a.severity())
                .bind("details", EventJson.MAPPER.writeValueAsString(a.details())).bind("at", Times.utc(a.createdAt()))
                .fetch().rowsUpdated().map(n -> n == 1);
    }

    @Override
    public Mono<Long> paymentsSince(UUID userId, Instant since) {
        return count("SELECT count(*) AS n FROM user_payments WHERE user_id = :user AND created_at >= :since", userId, since);
    }

    @Override
    public Mono<Long> failuresSince(UUID userId, Instant since) {
        return count("SELECT count(*) AS n FROM user_payments WHERE user_id = :user AND created_at >= :since AND status = 'failed'",
                userId, since);
    }

    private Mono<Long> count(String sql, UUID userId, Instant since) {
        return db.sql(sql).bind("user", userId).bind("since", Times.utc(since)).map(r -> r.get("n", Long.class)).one();
    }

    @Override
    public Mono<Void> kyc(UUID userId, String status, Instant expiresAt) {
        var spec = db.sql("""
                        INSERT INTO member_kyc (user_id, status, expires_at, updated_at) VALUES (:user, :status, :expires, now())
                        ON CONFLICT (user_id) DO UPDATE SET status = EXCLUDED.status, expires_at = EXCLUDED.expires_at, updated_at = now()""")
                .bind("user", userId).bind("status", status);
        return (expiresAt == null ? spec.bindNull("expires", java.time.OffsetDateTime.class)
                : spec.bind("expires", Times.utc(expiresAt))).then();
    }

    @Override
    public Mono<Object[]> kycOf(UUID userId) {
        return db.sql("SELECT status, expires_at FROM member_kyc WHERE user_id = :user").bind("user", userId)
                .map(r -> new Object[] {r.get("status", String.class), Times.instant(r.get("expires_at", OffsetDateTime.class))}).one();
    }

    @Override
    public Flux<Monitoring.Alert> withStatus(String status) {
        return db.sql("SELECT * FROM transaction_monitoring WHERE status = :status ORDER BY created_at LIMIT 500")
                .bind("status", status).map(R2dbcAlertStore::alert).all();
    }

    @Override
    public Mono<Monitoring.Alert> forUpdate(UUID id) {
        return db.sql("SELECT * FROM transaction_monitoring WHERE id = :id FOR UPDATE").bind("id", id)
                .map(R2dbcAlertStore::alert).one();
    }

    @Override
    public Mono<Monitoring.Alert> find(UUID id) {
        return db.sql("SELECT * FROM transaction_monitoring WHERE id = :id").bind("id", id)
                .map(R2dbcAlertStore::alert).one();
    }

    @Override
    public Mono<Void> review(UUID id, String status, UUID operator, String note, Instant at) {
        var spec = db.sql("""
                        UPDATE transaction_monitoring SET status = :status, reviewed_by = :operator, reviewed_at = :at,
                               review_note = :note WHERE id = :id""")
                .bind("status", status).bind("operator", operator).bind("at", Times.utc(at)).bind("id", id);
        return (note == null ? spec.bindNull("note", String.class) : spec.bind("note", note)).then();
    }

    @SuppressWarnings("unchecked")
    static Monitoring.Alert alert(Readable r) {
        Json details = r.get("details", Json.class);
        Map<String, Object> map = details == null ? Map.of() : EventJson.MAPPER.readValue(details.asString(), Map.class);
        return new Monitoring.Alert(r.get("id", UUID.class), r.get("user_id", UUID.class), r.get("subject_type", String.class),
                r.get("subject_id", UUID.class), r.get("rule", String.class), r.get("severity", String.class), map,
                r.get("status", String.class), Times.instant(r.get("created_at", OffsetDateTime.class)), r.get("reviewed_by", UUID.class),
                Times.instant(r.get("reviewed_at", OffsetDateTime.class)), r.get("review_note", String.class));
    }
}
