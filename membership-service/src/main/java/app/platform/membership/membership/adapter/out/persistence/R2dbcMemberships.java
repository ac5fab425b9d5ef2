package app.platform.membership.membership.adapter.out.persistence;

import app.platform.membership.queue.application.Members;
import app.platform.runtime.Times;
import app.platform.membership.membership.application.Memberships;
import app.platform.membership.membership.domain.Arrears;
import app.platform.membership.membership.domain.MembershipStatus;
import app.platform.membership.queue.application.PayoutQueue;
import io.r2dbc.spi.Row;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

@Repository
class R2dbcMemberships implements Memberships, Members {

    private static final String SELECT = """
            SELECT id, user_id, plan, status, subscription_id, activated_at, paused_at, cancelled_at, expired_at,
                   payment_failed_at, payment_succeeded_at, created_at FROM user_memberships\s""";
    /** The column stamped when a membership enters a status. */
    private static final Map<MembershipStatus, String> STAMPS = Map.of(MembershipStatus.ACTIVE, "activated_at",
            MembershipStatus.PAUSED, "paused_at", MembershipStatus.CANCELLED, "cancelled_at",
            MembershipStatus.EXPIRED, "expired_at", MembershipStatus.PENDING, "updated_at");
    private final DatabaseClient db;

    R2dbcMemberships(DatabaseClient db) {
        this.db = db;
    }

    @Override
    public Flux<Membership> ofUser(UUID userId) {
        return db.sql(SELECT + "WHERE user_id = :user ORDER BY created_at DESC").bind("user", userId)
                .map((row, meta) -> membership(row)).all();
    }

    @Override
    public Mono<Membership> live(UUID userId) {
        return db.sql(SELECT + "WHERE user_id = :user AND " + MembershipSql.LIVE).bind("user", userId)
                .map((row, meta) -> membership(row)).one();
    }

    @Override
    public Mono<Membership> liveForUpdate(UUID userId) {
        return db.sql(SELECT + "WHERE user_id = :user AND " + MembershipSql.LIVE + " FOR UPDATE").bind("user", userId)
                .map((row, meta) -> membership(row)).one();
    }

    @Override
    public Mono<Void> subscription(UUID id, UUID subscriptionId) {
        return db.sql("UPDATE user_memberships SET subscription_id = :s, updated_at = now() WHERE id = :id")
                .bind("s", subscriptionId).bind("id", id).then();
    }

    @Override
    public Mono<MembershipStatus> liveStatus(UUID userId) {
        return live(userId).map(Membership::status);
    }

    @Override
    public Mono<Void> insert(Membership m) {
        var insert = db.sql("""
                        INSERT INTO user_memberships (id, user_id, plan, status, subscription_id, started_at, activated_at, created_at, updated_at)
                        VALUES (:id, :user, :plan, :status, :subscription, :at, :activated, :at, :at)""")
                .bind("id", m.id()).bind("user", m.userId()).bind("plan", m.plan()).bind("status", m.status().value())
                .bind("at", time(m.createdAt()));
        insert = m.subscriptionId() == null ? insert.bindNull("subscription", UUID.class) : insert.bind("subscription", m.subscriptionId());
        insert = m.activatedAt() == null ? insert.bindNull("activated", OffsetDateTime.class) : insert.bind("activated", time(m.activatedAt()));
        return insert.then();
    }

    @Override
    public Mono<Void> transition(UUID id, MembershipStatus status, Instant at) {
        return db.sql("UPDATE user_memberships SET status = :status, " + STAMPS.get(status) + " = :at, updated_at = :at"
                        + (status == MembershipStatus.CANCELLED || status == MembershipStatus.EXPIRED ? ", ends_at = :at" : "")
                        + " WHERE id = :id")
                .bind("status", status.value()).bind("at", time(at)).bind("id", id).then();
    }

    @Override
    public Mono<Void> arrears(UUID id, Arrears arrears) {
        var update = db.sql("""
                        UPDATE user_memberships SET payment_failed_at = :failed, payment_succeeded_at = :paid, updated_at = now()
                        WHERE id = :id""").bind("id", id);
        update = arrears.failedSince() == null ? update.bindNull("failed", OffsetDateTime.class)
                : update.bind("failed", time(arrears.failedSince()));
        update = arrears.lastPaid() == null ? update.bindNull("paid", OffsetDateTime.class)
                : update.bind("paid", time(arrears.lastPaid()));
        return update.then();
    }

    @Override
    public Flux<Membership> failedPaymentsBefore(Instant before) {
        return db.sql(SELECT + "WHERE " + MembershipSql.LIVE + " AND payment_failed_at <= :before FOR UPDATE")
                .bind("before", time(before)).map((row, meta) -> membership(row)).all();
    }

    private static OffsetDateTime time(Instant at) {
        return Times.utc(at);
    }

    private static Instant instant(Row row, String column) {
        OffsetDateTime t = row.get(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    private static Membership membership(Row row) {
        return new Membership(row.get("id", UUID.class), row.get("user_id", UUID.class), row.get("plan", String.class),
                MembershipStatus.of(row.get("status", String.class)), row.get("subscription_id", UUID.class),
                instant(row, "activated_at"), instant(row, "paused_at"), instant(row, "cancelled_at"),
                instant(row, "expired_at"), instant(row, "payment_failed_at"), instant(row, "payment_succeeded_at"),
                instant(row, "created_at"));
    }
}
