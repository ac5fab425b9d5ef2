package app.platform.membership.legacy.adapter.out.persistence;

import app.platform.legacy.LegacyChange;
import app.platform.legacy.LegacyTarget;
import app.platform.legacy.ReactiveLegacyLedger;
import app.platform.membership.dispute.domain.DisputeStatus;
import app.platform.membership.kyc.domain.KycDocument;
import app.platform.membership.kyc.domain.KycStatus;
import app.platform.membership.legacy.application.LegacyMembershipImport;
import app.platform.membership.membership.domain.MembershipStatus;
import app.platform.membership.payout.domain.PayoutStatus;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.springframework.stereotype.Component;
import tools.jackson.databind.node.ObjectNode;

/**
 * What the service's own tables hold of each legacy table it imports, said in the legacy table's terms
 * ({@link LegacyTarget}), so that the cutover's verification ({@code GET …/internal/legacy/<table>/target}) compares
 * them with the rows the ledger imported: a row the importer dropped, mis-mapped, left stale or failed to delete shows
 * with its legacy columns.
 * <p>
 * Members are identity user ids; the legacy rows name a legacy app user ({@code public.users} id). The service keeps
 * no legacy user id: each member is turned back into the legacy user whose {@code auth_user_id} it is, as the ledger's
 * own {@code public.users} rows say (the importer's key, {@link ReactiveLegacyLedger#forUser}). The queue and KYC are
 * keyed by member, not by their legacy ids: an entry or a verification is the legacy row of its legacy user (the one
 * not deleted first). A value the import reads by a rule (a status in the domain's spelling, a currency in upper case,
 * a document as {@link KycDocument#imported} keeps it, a legacy {@code resolved} dispute) is expected by that same
 * rule, called where the importer calls it ({@link LegacyMembershipImport}).
 */
@Component
class LegacyMembershipTargets {

    /**
     * Each legacy app user in the ledger by the identity user id ({@code auth_user_id}) a member is: the row not
     * deleted, else the newest.
     */
    private static final String APP_USERS = """
            app_user AS (
                SELECT DISTINCT ON (lower(u.row->>'auth_user_id')) lower(u.row->>'auth_user_id') AS auth_user_id,
                       u.legacy_id AS user_id
                FROM legacy_row u
                WHERE u.source_table = '%s' AND u.applied AND u.row->>'auth_user_id' IS NOT NULL
                ORDER BY lower(u.row->>'auth_user_id'), u.deleted, u.source_at DESC)""".formatted(ReactiveLegacyLedger.USERS);

    /**
     * The ledger's rows of a table the service keys by member, one per legacy user (the row not deleted, else the
     * newest): {@code user_id}, {@code legacy_id}, {@code deleted} and the row as imported, {@code legacy}.
     */
    private static String byLegacyUser(String name, String table) {
        return """
                %1$s AS (
                    SELECT DISTINCT ON (l.row->>'user_id') l.row->>'user_id' AS user_id, l.legacy_id, l.deleted,
                           l.row AS legacy
                    FROM legacy_row l
                    WHERE l.source_table = '%2$s' AND l.applied
                    ORDER BY l.row->>'user_id', l.deleted, l.source_at DESC)""".formatted(name, table);
    }

    /** {@code public.user_memberships}: kept by legacy id. */
    static final String MEMBERSHIPS = "WITH " + APP_USERS + """

            SELECT CAST(m.id AS text) AS legacy_id, m.id, u.user_id, m.plan, m.status, m.started_at, m.ends_at
            FROM user_memberships m
            LEFT JOIN app_user u ON u.auth_user_id = CAST(m.user_id AS text)""";

    /**
     * {@code public.membership_queue}: an entry by member. Its position is dense (1..n) where the legacy one may have
     * gaps, so it is turned back by rank: among the entries of legacy rows not deleted, the entry that is k-th in the
     * service's queue holds the legacy position of the k-th of those rows in legacy order. An entry out of legacy
     * order, or a legacy move not followed, shows as its position.
     */
    static final String QUEUE = "WITH " + APP_USERS + ",\n" + byLegacyUser("entry", LegacyMembershipImport.QUEUE) + """
            ,
            held AS (
                SELECT e.legacy_id, e.user_id, e.deleted, CAST(e.legacy->>'position' AS integer) AS legacy_position,
                       q.position, q.joined_at
                FROM membership_queue q
                JOIN app_user u ON u.auth_user_id = CAST(q.user_id AS text)
                JOIN entry e ON e.user_id = u.user_id),
            live AS (
                SELECT h.legacy_id, h.legacy_position,
                       row_number() OVER (ORDER BY h.position) AS held_rank,
                       row_number() OVER (ORDER BY h.legacy_position, h.legacy_id) AS legacy_rank
                FROM held h
                WHERE NOT h.deleted)
            SELECT h.legacy_id, h.user_id, peer.legacy_position AS position, h.joined_at
            FROM held h
            LEFT JOIN live mine ON mine.legacy_id = h.legacy_id
            LEFT JOIN live peer ON peer.legacy_rank = mine.held_rank""";

    /** {@code public.kyc_verification}: a verification by member, its first document the legacy one. */
    static final String KYC = "WITH " + APP_USERS + ",\n" + byLegacyUser("verification", LegacyMembershipImport.KYC) + """

            SELECT v.legacy_id, u.user_id, k.status, k.documents->0->>'type' AS document_type,
                   k.documents->0->>'reference' AS document_reference, k.submitted_at, k.reviewed_at
            FROM kyc_verification k
            JOIN app_user u ON u.auth_user_id = CAST(k.user_id AS text)
            JOIN verification v ON v.user_id = u.user_id""";

    /** {@code public.payout_management}: kept by legacy id, the amount at the legacy scale. */
    static final String PAYOUTS = "WITH " + APP_USERS + """

            SELECT CAST(p.id AS text) AS legacy_id, p.id, u.user_id, CAST(p.amount AS numeric(19, 4)) AS amount,
                   CAST(p.currency AS text) AS currency, p.status, p.scheduled_for, p.paid_at
            FROM payout_management p
            LEFT JOIN app_user u ON u.auth_user_id = CAST(p.user_id AS text)""";

    /** {@code public.disputes}: kept by legacy id, against a payout, the legacy reason its first message. */
    static final String DISPUTES = "WITH " + APP_USERS + """

            SELECT CAST(d.id AS text) AS legacy_id, d.id, u.user_id,
                   CASE WHEN d.subject_type = 'payout' THEN d.subject_id END AS payout_id, d.status,
                   d.messages->0->>'text' AS reason, d.opened_at, d.resolved_at
            FROM disputes d
            LEFT JOIN app_user u ON u.auth_user_id = CAST(d.user_id AS text)""";

    /** The legacy id of a row the service keys by member: the ledger's key, not kept by the service. */
    private static final String KEYED_BY_MEMBER = "the service keys it by its member (user_id), not by the legacy id";

    LegacyMembershipTargets(ReactiveLegacyLedger ledger) {
        ledger.targets().declare(LegacyTarget.of(LegacyMembershipImport.MEMBERSHIPS, MEMBERSHIPS,
                        Map.of("created_at", "the service dates the membership by its own clock (created_at at the import)"))
                .expecting((target, row, deleted) -> deleted ? null
                        : with(target.mapped(row), "status", status(row, MembershipStatus::of, MembershipStatus::value))));
        ledger.targets().declare(LegacyTarget.of(LegacyMembershipImport.QUEUE, QUEUE, Map.of("id", KEYED_BY_MEMBER)));
        ledger.targets().declare(LegacyTarget.of(LegacyMembershipImport.KYC, KYC, Map.of("id", KEYED_BY_MEMBER))
                .expecting((target, row, deleted) -> {
                    if (deleted) {
                        return null;
                    }
                    Map<String, Object> held = with(target.mapped(row), "status", status(row, KycStatus::of, KycStatus::value));
                    List<KycDocument> documents = LegacyMembershipImport.documents(LegacyChange.text(row, "document_type"),
                            LegacyChange.text(row, "document_reference"));
                    held.put("document_type", documents.isEmpty() ? null : documents.get(0).type());
                    held.put("document_reference", documents.isEmpty() ? null : documents.get(0).reference());
                    return held;
                }));
        ledger.targets().declare(LegacyTarget.of(LegacyMembershipImport.PAYOUTS, PAYOUTS, Map.of())
                .expecting((target, row, deleted) -> deleted ? null
                        : with(with(target.mapped(row), "status", status(row, PayoutStatus::of, PayoutStatus::value)),
                        "currency", LegacyMembershipImport.currency(LegacyChange.text(row, "currency")))));
        ledger.targets().declare(LegacyTarget.of(LegacyMembershipImport.DISPUTES, DISPUTES, Map.of())
                .expecting((target, row, deleted) -> {
                    if (deleted) {
                        return null;
                    }
                    String legacy = LegacyChange.text(row, "status");
                    return with(target.mapped(row), "status",
                            LegacyMembershipImport.disputeStatus(legacy).map(DisputeStatus::value).orElse(legacy));
                }));
    }

    /**
     * The row's status as the import reads it (the domain's own parser, any case) in the domain's spelling; the
     * legacy value itself when it names no status (such a row is refused, never applied).
     */
    private static <S> String status(ObjectNode row, Function<String, S> parser, Function<S, String> spelling) {
        String legacy = LegacyChange.text(row, "status");
        return LegacyMembershipImport.parsed(legacy, parser).map(spelling).orElse(legacy);
    }

    /** The mapped columns with one of them as the import reads it. */
    private static Map<String, Object> with(Map<String, Object> mapped, String column, Object value) {
        Map<String, Object> held = new TreeMap<>(mapped);
        held.put(column, value);
        return held;
    }
}
