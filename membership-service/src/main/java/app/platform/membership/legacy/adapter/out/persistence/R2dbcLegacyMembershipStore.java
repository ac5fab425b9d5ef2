package app.platform.membership.legacy.adapter.out.persistence;

import app.platform.membership.dispute.domain.DisputeStatus;
import app.platform.membership.kyc.domain.KycDocument;
import app.platform.membership.kyc.domain.KycStatus;
import app.platform.membership.legacy.application.LegacyMembershipImport;
import app.platform.membership.legacy.application.LegacyMembershipStore;
import app.platform.membership.membership.domain.MembershipStatus;
import app.platform.membership.payout.domain.Money;
import app.platform.membership.payout.domain.PayoutStatus;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

/**
 * Upserts by legacy id (KYC by member); each emits the status the row had before, read in the same statement
 * (empty for a new row).
 */
@Repository
class R2dbcLegacyMembershipStore implements LegacyMembershipStore {

    private static final Map<String, String> TABLES = Map.of(LegacyMembershipImport.MEMBERSHIPS, "user_memberships",
            LegacyMembershipImport.PAYOUTS, "payout_management", LegacyMembershipImport.DISPUTES, "disputes");
    private final DatabaseClient db;

    R2dbcLegacyMembershipStore(DatabaseClient db) {
        this.db = db;
    }

    @Override
    public Mono<MembershipStatus> upsertMembership(UUID id, UUID user, String plan, MembershipStatus status, Instant startedAt,
                                                   Instant endsAt) {
        return db.sql("""
                        WITH before AS (SELECT status FROM user_memberships WHERE id = :id)
                        INSERT INTO user_memberships (id, user_id, plan, status, started_at, ends_at, activated_at, cancelled_at)
                        VALUES (:id, :user, :plan, :status, :started, :ends,
                                CASE WHEN :status = 'active' THEN :started END, CASE WHEN :status = 'cancelled' THEN now() END)
                        ON CONFLICT (id) DO UPDATE SET plan = excluded.plan, status = excluded.status,
                            started_at = excluded.started_at, ends_at = excluded.ends_at, updated_at = now()
                        RETURNING (SELECT status FROM before)""")
                .bind("id", id).bind("user", user).bind("plan", plan).bind("status", status.value())
                .bind("started", at(startedAt)).bind("ends", at(endsAt))
                .map((r, m) -> java.util.Optional.ofNullable(r.get(0, String.class)).map(MembershipStatus::of)).one()
                .flatMap(Mono::justOrEmpty);
    }

    @Override
    public Mono<KycStatus> upsertKyc(UUID user, KycStatus status, List<KycDocument> kycDocuments, Instant submittedAt,
                                     Instant reviewedAt) {
        // the documents' JSON as the KYC feature stores and reads it: an absent field is null (not the text "null")
        String documents = app.platform.events.EventJson.MAPPER.writeValueAsString(kycDocuments == null ? List.of() : kycDocuments);
        return db.sql("""
                        WITH before AS (SELECT status FROM kyc_verification WHERE user_id = :user)
                        INSERT INTO kyc_verification (user_id, status, documents, submitted_at, reviewed_at)
                        VALUES (:user, :status, CAST(:documents AS jsonb), :submitted, :reviewed)
                        ON CONFLICT (user_id) DO UPDATE SET status = excluded.status, documents = excluded.documents,
                            submitted_at = excluded.submitted_at, reviewed_at = excluded.reviewed_at, updated_at = now()
                        RETURNING (SELECT status FROM before)""")
                .bind("user", user).bind("status", status.value()).bind("documents", documents)
                .bind("submitted", at(submittedAt)).bind("reviewed", at(reviewedAt))
                .map((r, m) -> java.util.Optional.ofNullable(r.get(0, String.class)).map(KycStatus::of)).one()
                .flatMap(Mono::justOrEmpty);
    }

    @Override
    public Mono<PayoutStatus> upsertPayout(UUID id, UUID user, Money amount, PayoutStatus status, Instant scheduledFor,
                                           Instant paidAt) {
        return db.sql("""
                        WITH before AS (SELECT status FROM payout_management WHERE id = :id)
                        INSERT INTO payout_management (id, user_id, amount, currency, status, scheduled_for, paid_at)
                        VALUES (:id, :user, :amount, :currency, :status, :scheduled, :paid)
                        ON CONFLICT (id) DO UPDATE SET amount = excluded.amount, currency = excluded.currency,
                            status = excluded.status, scheduled_for = excluded.scheduled_for, paid_at = excluded.paid_at,
                            updated_at = now()
                        RETURNING (SELECT status FROM before)""")
                .bind("id", id).bind("user", user).bind("amount", amount.amount()).bind("currency", amount.currency())
                .bind("status", status.value()).bind("scheduled", at(scheduledFor)).bind("paid", at(paidAt))
                .map((r, m) -> java.util.Optional.ofNullable(r.get(0, String.class)).map(PayoutStatus::of)).one()
                .flatMap(Mono::justOrEmpty);
    }

    @Override
    public Mono<DisputeStatus> upsertDispute(UUID id, UUID user, UUID payout, DisputeStatus status, String reason,
                                             Instant openedAt, Instant resolvedAt) {
        String messages = reason == null ? "[]" : app.platform.events.EventJson.MAPPER.writeValueAsString(java.util.List.of(
                java.util.Map.of("from", "member", "text", reason)));
        return db.sql("""
                        WITH before AS (SELECT status FROM disputes WHERE id = :id)
                        INSERT INTO disputes (id, user_id, subject_type, subject_id, status, messages, opened_at, resolved_at)
                        VALUES (:id, :user, 'payout', :payout, :status, CAST(:messages AS jsonb), :opened, :resolved)
                        ON CONFLICT (id) DO UPDATE SET subject_id = excluded.subject_id, status = excluded.status,
                            messages = excluded.messages, opened_at = excluded.opened_at, resolved_at = excluded.resolved_at
                        RETURNING (SELECT status FROM before)""")
                .bind("id", id).bind("user", user).bind("payout", payout).bind("status", status.value())
                .bind("messages", messages).bind("opened", at(openedAt)).bind("resolved", at(resolvedAt))
                .map((r, m) -> java.util.Optional.ofNullable(r.get(0, String.class)).map(DisputeStatus::of)).one()
                .flatMap(Mono::justOrEmpty);
    }

    @Override
    public Mono<Void> delete(String table, UUID id) {
        String sql = table.equals(LegacyMembershipImport.KYC) ? "DELETE FROM kyc_verification WHERE user_id = :id"
                : "DELETE FROM " + TABLES.get(table) + " WHERE id = :id";
        return db.sql(sql).bind("id", id).then();
    }

    private static Parameter at(Instant at) {
        return Parameter.fromOrEmpty(at == null ? null : OffsetDateTime.ofInstant(at, ZoneOffset.UTC), OffsetDateTime.class);
    }
}
