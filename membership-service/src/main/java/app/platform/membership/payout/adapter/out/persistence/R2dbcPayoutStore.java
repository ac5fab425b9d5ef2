package app.platform.membership.payout.adapter.out.persistence;

import app.platform.membership.payout.application.MemberFacts;
import app.platform.membership.payout.application.PayoutStore;
import app.platform.runtime.Times;
import app.platform.membership.dispute.domain.DisputeStatus;
import app.platform.membership.kyc.domain.KycStatus;
import app.platform.membership.membership.adapter.out.persistence.MembershipSql;
import app.platform.membership.membership.domain.MembershipStatus;
import app.platform.membership.payout.application.Payouts;
import app.platform.membership.payout.domain.Eligibility;
import app.platform.membership.payout.domain.PayoutStatus;
import io.r2dbc.spi.Row;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

@Repository
class R2dbcPayoutStore implements PayoutStore, MemberFacts {

    private static final long SCHEDULER_LOCK = 0x5041594f5554L;
    private static final String SELECT = "SELECT id, user_id, amount, currency, status, scheduled_for, paid_at, failure "
            + "FROM payout_management ";
    private final DatabaseClient db;

    R2dbcPayoutStore(DatabaseClient db) {
        this.db = db;
    }

    @Override
    public Mono<Payouts.Payout> find(UUID id) {
        return db.sql(SELECT + "WHERE id = :id").bind("id", id).map((row, meta) -> payout(row)).one();
    }

    @Override
    public Mono<Payouts.Payout> forUpdate(UUID id) {
        return db.sql(SELECT + "WHERE id = :id FOR UPDATE").bind("id", id).map((row, meta) -> payout(row)).one();
    }

    @Override
    public Mono<Boolean> insert(Payouts.Payout p) {
        return db.sql("""
                        INSERT INTO payout_management (id, user_id, amount, currency, status, scheduled_for)
                        VALUES (:id, :user, :amount, :currency, :status, :at) ON CONFLICT DO NOTHING""")
                .bind("id", p.id()).bind("user", p.userId()).bind("amount", p.amount()).bind("currency", p.currency())
                .bind("status", p.status().value()).bind("at", time(p.scheduledFor()))
                .fetch().rowsUpdated().map(rows -> rows == 1);
    }

    @Override
    public Mono<Void> update(UUID id, PayoutStatus status, UUID operator, String failure, Instant at) {
        String stamp = switch (status) {
            case APPROVED -> ", approved_by = :operator, approved_at = :at";
            case PAID -> ", paid_at = :at";
            default -> "";
        };
        var update = db.sql("UPDATE payout_management SET status = :status, failure = :failure, updated_at = :at" + stamp
                        + " WHERE id = :id")
                .bind("status", status.value()).bind("at", time(at)).bind("id", id);
        update = failure == null ? update.bindNull("failure", String.class) : update.bind("failure", failure);
        if (status == PayoutStatus.APPROVED) {
            update = update.bind("operator", operator);
        }
        return update.then();
    }

    @Override
    public Flux<Payouts.Payout> ofUser(UUID userId) {
        return db.sql(SELECT + "WHERE user_id = :user ORDER BY scheduled_for DESC").bind("user", userId)
                .map((row, meta) -> payout(row)).all();
    }

    @Override
    public Flux<Payouts.Payout> withStatus(PayoutStatus status) {
        return db.sql(SELECT + "WHERE status = :status ORDER BY scheduled_for").bind("status", status.value())
                .map((row, meta) -> payout(row)).all();
    }

    @Override
    public Flux<UUID> queueWithoutOpenPayout() {
        return db.sql("""
                        SELECT q.user_id FROM membership_queue q
                        WHERE NOT EXISTS (SELECT 1 FROM payout_management p WHERE p.user_id = q.user_id
                                          AND p.status IN ('scheduled', 'approved'))
                        ORDER BY q.position""")
                .map((row, meta) -> row.get("user_id", UUID.class)).all();
    }

    @Override
    public Mono<Void> lockScheduling() {
        return db.sql("SELECT pg_advisory_xact_lock(:key)").bind("key", SCHEDULER_LOCK).then();
    }

    @Override
    public Mono<Instant> lastScheduled(Instant now) {
        return db.sql("SELECT max(scheduled_for) FROM payout_management WHERE scheduled_for <= :now")
                .bind("now", time(now)).map(r -> Optional.ofNullable(r.get(0, OffsetDateTime.class))).one()
                .flatMap(Mono::justOrEmpty).map(OffsetDateTime::toInstant);
    }

    /**
     * The facts only: the live membership's status and whether it is in arrears, the verification's status and expiry,
     * an open dispute.
     */
    @Override
    public Mono<Eligibility.Facts> of(UUID userId) {
        return db.sql("""
                        SELECT (SELECT status FROM user_memberships WHERE user_id = :user AND %s) AS membership,
                               (SELECT payment_failed_at IS NOT NULL FROM user_memberships WHERE user_id = :user AND %<s)
                                   AS arrears,
                               (SELECT status FROM kyc_verification WHERE user_id = :user) AS kyc,
                               (SELECT expires_at FROM kyc_verification WHERE user_id = :user) AS kyc_expires_at,
                               EXISTS (SELECT 1 FROM disputes WHERE user_id = :user AND status = :open) AS dispute"""
                        .formatted(MembershipSql.LIVE))
                .bind("user", userId).bind("open", DisputeStatus.OPEN.value())
                .map((row, meta) -> {
                    String membership = row.get("membership", String.class);
                    String kyc = row.get("kyc", String.class);
                    OffsetDateTime expires = row.get("kyc_expires_at", OffsetDateTime.class);
                    return new Eligibility.Facts(membership == null ? null : MembershipStatus.of(membership),
                            kyc == null ? null : KycStatus.of(kyc), expires == null ? null : expires.toInstant(),
                            Boolean.TRUE.equals(row.get("dispute", Boolean.class)),
                            Boolean.TRUE.equals(row.get("arrears", Boolean.class)));
                })
                .one();
    }

    private static OffsetDateTime time(Instant at) {
        return Times.utc(at);
    }

    private static Payouts.Payout payout(Row row) {
        OffsetDateTime paid = row.get("paid_at", OffsetDateTime.class);
        return new Payouts.Payout(row.get("id", UUID.class), row.get("user_id", UUID.class),
                row.get("amount", BigDecimal.class), row.get("currency", String.class),
                PayoutStatus.of(row.get("status", String.class)), row.get("scheduled_for", OffsetDateTime.class).toInstant(),
                paid == null ? null : paid.toInstant(), row.get("failure", String.class));
    }
}
