package app.platform.membership.legacy.adapter.out.legacydb;

import app.platform.events.EventEnvelope;
import app.platform.failback.LegacyWriter;
import app.platform.legacy.ReactiveLegacyLedger;
import app.platform.membership.dispute.domain.DisputeStatus;
import app.platform.membership.kyc.domain.KycStatus;
import app.platform.membership.legacy.adapter.out.persistence.LegacyMembershipTargets;
import app.platform.membership.legacy.application.LegacyMembershipImport;
import app.platform.membership.legacy.application.LegacyMemberships;
import app.platform.membership.membership.domain.MembershipStatus;
import app.platform.membership.payout.domain.PayoutStatus;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

/**
 * Writes membership's members into the legacy app's {@code user_memberships}, {@code kyc_verification},
 * {@code payout_management} and {@code disputes}, and its queue into {@code membership_queue} (the reverse of
 * {@code LegacyMembershipImport}). The legacy user: the legacy app user the ledger imported for the member, else the
 * member's own id (the id profile's reverse stream writes a user made here under). Memberships, payouts and disputes
 * keep their ids; a queue entry and a verification, which membership keys by member, take the legacy id the ledger
 * imported for the member's legacy user, else the member's id, and are written by member (the legacy
 * {@code user_id} is unique there, so a legacy row the ledger did not apply keeps its id). The keys, and the queue with
 * each entry at its place's legacy position, are read by the queries the failback's check reads back
 * ({@link LegacyMembershipTargets#MEMBER_KEYS}, {@link LegacyMembershipTargets#QUEUE}): one rule. A legacy row is
 * removed only when it came from there or was written from here: a row of the ledger membership no longer holds, the
 * queue entry of a member who left.
 * <p>
 * Each write takes a legacy advisory lock first (per member; one for the queue), then reads membership's rows: of two
 * events of a member carried at once (their topics are consumed apart), the one that writes last reads last.
 */
@Component
@ConditionalOnProperty(name = "platform.failback.enabled", havingValue = "true")
class JdbcLegacyMemberships implements LegacyMemberships {

    private static final String SERVICE = "membership-service";
    private static final Duration READ = Duration.ofSeconds(30);
    private static final String MEMBERSHIPS = """
            SELECT id, plan, status, started_at, ends_at, created_at FROM user_memberships WHERE user_id = :user""";
    /** The first document is the legacy one (the legacy row holds one), as the import reads it back. */
    private static final String KYC = """
            SELECT status, documents -> 0 ->> 'type' AS document_type, documents -> 0 ->> 'reference' AS document_reference,
                   submitted_at, reviewed_at
            FROM kyc_verification WHERE user_id = :user""";
    /** The amount as the platform keeps it, in major units at the legacy scale; the currency its ISO code. */
    private static final String PAYOUTS = """
            SELECT id, CAST(amount AS numeric(19, 4)) AS amount, CAST(currency AS text) AS currency, status,
                   scheduled_for, paid_at
            FROM payout_management WHERE user_id = :user""";
    /** Only a payout is a legacy subject; the reason is the member's opening message, as the import made it. */
    private static final String DISPUTES = """
            SELECT id, CASE WHEN subject_type = 'payout' THEN subject_id END AS payout_id, status,
                   messages -> 0 ->> 'text' AS reason, opened_at, resolved_at
            FROM disputes WHERE user_id = :user""";

    private final DatabaseClient membership;
    private final ReactiveLegacyLedger ledger;
    private final LegacyWriter writer;

    JdbcLegacyMemberships(DatabaseClient membership, ReactiveLegacyLedger ledger, LegacyWriter writer) {
        this.membership = membership;
        this.ledger = ledger;
        this.writer = writer;
    }

    @Override
    public void writeUser(EventEnvelope event, UUID userId) {
        Map<String, Object> keys = membership.sql(LegacyMembershipTargets.MEMBER_KEYS).bind("member", userId.toString())
                .fetch().one().block(READ);
        UUID legacyUser = UUID.fromString((String) keys.get("legacy_user"));
        UUID kycId = UUID.fromString((String) keys.get("kyc_id"));
        writer.carry(event, SERVICE, userId.toString(), legacy -> {
            List<Map<String, Object>> memberships = all(MEMBERSHIPS, userId);
            Map<String, Object> kyc = membership.sql(KYC).bind("user", userId).fetch().one().block(READ);
            List<Map<String, Object>> payouts = all(PAYOUTS, userId);
            List<Map<String, Object>> disputes = all(DISPUTES, userId);
            for (Map<String, Object> m : memberships) {
                legacy.sql("""
                                INSERT INTO public.user_memberships (id, user_id, plan, status, started_at, ends_at, created_at)
                                VALUES (:id, :user, :plan, :status, :started, :ends, :created)
                                ON CONFLICT (id) DO UPDATE SET plan = EXCLUDED.plan, status = EXCLUDED.status,
                                    started_at = EXCLUDED.started_at, ends_at = EXCLUDED.ends_at""")
                        .param("id", m.get("id")).param("user", legacyUser).param("plan", m.get("plan"))
                        .param("status", MembershipStatus.of((String) m.get("status")).legacyValue())
                        .param("started", m.get("started_at")).param("ends", m.get("ends_at"))
                        .param("created", m.get("created_at")).update();
            }
            if (kyc != null) {
                legacy.sql("""
                                INSERT INTO public.kyc_verification (id, user_id, status, document_type, document_reference,
                                                                     submitted_at, reviewed_at)
                                VALUES (:id, :user, :status, :type, :reference, :submitted, :reviewed)
                                ON CONFLICT (user_id) DO UPDATE SET status = EXCLUDED.status,
                                    document_type = EXCLUDED.document_type, document_reference = EXCLUDED.document_reference,
                                    submitted_at = EXCLUDED.submitted_at, reviewed_at = EXCLUDED.reviewed_at""")
                        .param("id", kycId).param("user", legacyUser)
                        .param("status", KycStatus.of((String) kyc.get("status")).legacyValue())
                        .param("type", kyc.get("document_type")).param("reference", kyc.get("document_reference"))
                        .param("submitted", kyc.get("submitted_at")).param("reviewed", kyc.get("reviewed_at")).update();
            }
            for (Map<String, Object> p : payouts) {
                legacy.sql("""
                                INSERT INTO public.payout_management (id, user_id, amount, currency, status, scheduled_for,
                                                                      paid_at)
                                VALUES (:id, :user, :amount, :currency, :status, :scheduled, :paid)
                                ON CONFLICT (id) DO UPDATE SET amount = EXCLUDED.amount, currency = EXCLUDED.currency,
                                    status = EXCLUDED.status, scheduled_for = EXCLUDED.scheduled_for,
                                    paid_at = EXCLUDED.paid_at""")
                        .param("id", p.get("id")).param("user", legacyUser).param("amount", p.get("amount"))
                        .param("currency", p.get("currency"))
                        .param("status", PayoutStatus.of((String) p.get("status")).legacyValue())
                        .param("scheduled", p.get("scheduled_for")).param("paid", p.get("paid_at")).update();
            }
            for (Map<String, Object> d : disputes) {
                legacy.sql("""
                                INSERT INTO public.disputes (id, user_id, payout_id, status, reason, opened_at, resolved_at)
                                VALUES (:id, :user, :payout, :status, :reason, :opened, :resolved)
                                ON CONFLICT (id) DO UPDATE SET payout_id = EXCLUDED.payout_id, status = EXCLUDED.status,
                                    reason = EXCLUDED.reason, opened_at = EXCLUDED.opened_at,
                                    resolved_at = EXCLUDED.resolved_at""")
                        .param("id", d.get("id")).param("user", legacyUser).param("payout", d.get("payout_id"))
                        .param("status", DisputeStatus.of((String) d.get("status")).legacyValue())
                        .param("reason", d.get("reason")).param("opened", d.get("opened_at"))
                        .param("resolved", d.get("resolved_at")).update();
            }
            removeGone(legacy, LegacyMembershipImport.MEMBERSHIPS, legacyUser, ids(memberships));
            removeGone(legacy, LegacyMembershipImport.KYC, legacyUser, kyc == null ? List.of() : List.of(kycId));
            removeGone(legacy, LegacyMembershipImport.PAYOUTS, legacyUser, ids(payouts));
            removeGone(legacy, LegacyMembershipImport.DISPUTES, legacyUser, ids(disputes));
        });
    }

    /**
     * One statement each for the whole queue: the entries of members who left removed (one under a legacy id the
     * ledger imported, or one written from here under its member's identity user id), every entry upserted by member,
     * a row updated only where its position or date differ (a leave moves only those behind it).
     */
    @Override
    public void writeQueue(EventEnvelope event) {
        writer.carry(event, SERVICE, "queue", legacy -> {
            List<Map<String, Object>> entries = membership.sql(LegacyMembershipTargets.QUEUE).fetch().all().collectList()
                    .block(READ);
            String[] imported = membership.sql("SELECT legacy_id FROM legacy_row WHERE source_table = :queue AND applied")
                    .bind("queue", LegacyMembershipImport.QUEUE).map((r, m) -> r.get(0, String.class))
                    .all().collectList().block(READ).toArray(String[]::new);
            String[] users = entries.stream().map(e -> (String) e.get("user_id")).toArray(String[]::new);
            legacy.sql("""
                            DELETE FROM public.membership_queue q
                            WHERE NOT (q.user_id = ANY (CAST(:queued AS uuid[])))
                              AND (q.id = ANY (CAST(:imported AS uuid[]))
                                   OR CAST(q.id AS text) = (SELECT lower(u.auth_user_id) FROM public.users u WHERE u.id = q.user_id))""")
                    .param("queued", users).param("imported", imported).update();
            legacy.sql("""
                            INSERT INTO public.membership_queue AS q (id, user_id, position, joined_at)
                            SELECT * FROM unnest(CAST(:ids AS uuid[]), CAST(:users AS uuid[]), CAST(:positions AS integer[]),
                                                 CAST(:joined AS timestamptz[]))
                            ON CONFLICT (user_id) DO UPDATE SET position = EXCLUDED.position, joined_at = EXCLUDED.joined_at
                            WHERE q.position IS DISTINCT FROM EXCLUDED.position
                               OR q.joined_at IS DISTINCT FROM EXCLUDED.joined_at""")
                    .param("ids", entries.stream().map(e -> (String) e.get("legacy_id")).toArray(String[]::new))
                    .param("users", users)
                    .param("positions", entries.stream().map(e -> (Integer) e.get("position")).toArray(Integer[]::new))
                    .param("joined", entries.stream().map(e -> ((OffsetDateTime) e.get("joined_at")).toInstant().toString())
                            .toArray(String[]::new))
                    .update();
        });
    }

    @Override
    public void notCarried(EventEnvelope event, String why) {
        writer.notCarried(event, SERVICE, why);
    }

    /** The legacy user's rows of the table membership no longer holds, among those it imported or wrote. */
    private void removeGone(JdbcClient legacy, String table, UUID legacyUser, List<UUID> kept) {
        LegacyWriter.removeGone(legacy, table, legacyUser, kept, ledger.importedFor(table, legacyUser).block(READ));
    }

    private static List<UUID> ids(List<Map<String, Object>> rows) {
        return rows.stream().map(row -> (UUID) row.get("id")).toList();
    }

    private List<Map<String, Object>> all(String sql, UUID userId) {
        return membership.sql(sql).bind("user", userId).fetch().all().collectList().block(READ);
    }
}
