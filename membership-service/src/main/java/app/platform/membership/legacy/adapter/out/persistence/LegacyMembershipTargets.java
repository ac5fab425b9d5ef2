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
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;
import tools.jackson.databind.node.ObjectNode;

/**
 * What the service's own tables hold of each legacy table it imports, said in the legacy table's terms
 * ({@link LegacyTarget}): every row it holds, made here or imported, under the legacy id the reverse stream writes it
 * at and with the values it writes ({@code JdbcLegacyMemberships}, which reads the queue and each member's keys from
 * here: one rule). The cutover's verification ({@code GET …/internal/legacy/<table>/target}) compares the rows the
 * ledger imported with them, so that a row the importer dropped, mis-mapped, left stale or failed to delete shows with
 * its legacy columns; the failback's check ({@code GET …/internal/legacy/<table>/failback}) compares the legacy table
 * as the reverse stream left it with all of them.
 * <p>
 * Members are identity user ids; the legacy rows name a legacy app user ({@code public.users} id). The service keeps
 * no legacy user id: each member is turned back into the legacy user whose {@code auth_user_id} it is, as the ledger's
 * own {@code public.users} rows say (the importer's key, {@link ReactiveLegacyLedger#forUser}), else into itself (the
 * id profile's reverse stream writes a user made here under). The queue and KYC are keyed by member, not by their
 * legacy ids: an entry or a verification is the legacy row of its legacy user (the one not deleted first), else its
 * member's id. A status is compared in the legacy app's spelling, as the reverse stream writes it
 * ({@code legacyValue()}): the legacy row's as the import reads it (the domain's parser, a legacy {@code resolved}
 * dispute the operator's resolution) spelt back. Any other value the import reads by a rule (a currency in upper case,
 * a document as {@link KycDocument#imported} keeps it) is expected by that same rule, called where the importer calls
 * it ({@link LegacyMembershipImport}).
 */
@Component
public class LegacyMembershipTargets {

    /** Each member's legacy app user ({@link ReactiveLegacyLedger#APP_USERS}). */
    private static final String APP_USERS = "app_user AS (" + ReactiveLegacyLedger.APP_USERS + ")";

    /**
     * The legacy id of each legacy user's row ({@code legacy_user}, {@code legacy_id}) in a table that holds one per
     * user (the queue, KYC): the ledger's row not deleted, else the newest.
     */
    private static String byLegacyUser(String name, String table) {
        return """
                %1$s AS (
                    SELECT DISTINCT ON (row ->> 'user_id') row ->> 'user_id' AS legacy_user, legacy_id
                    FROM legacy_row
                    WHERE source_table = '%2$s' AND applied
                    ORDER BY row ->> 'user_id', deleted, source_at DESC)""".formatted(name, table);
    }

    /** The legacy user of a member joined to {@code app_user u}: its legacy app user, else itself. */
    private static String legacyUser(String member) {
        return "coalesce(u.legacy_id, CAST(" + member + " AS text))";
    }

    /** {@code public.user_memberships}: kept by legacy id. */
    static final String MEMBERSHIPS = "WITH " + APP_USERS + """

            SELECT CAST(m.id AS text) AS legacy_id, m.id, %s AS user_id, m.plan, %s AS status, m.started_at, m.ends_at
            FROM user_memberships m
            LEFT JOIN app_user u ON u.member = CAST(m.user_id AS text)""".formatted(legacyUser("m.user_id"),
            legacyValue("m.status", MembershipStatus.values(), MembershipStatus::value, MembershipStatus::legacyValue));

    /**
     * {@code public.membership_queue}: an entry by member. Its positions are dense (1..n) where the legacy ones may
     * have gaps, so a place is turned into a legacy position: the k-th place holds the legacy position of the k-th of
     * the ledger's entries not deleted, in legacy order; a place behind them, the last one's plus how far behind. The
     * queue as imported reads back as the legacy one; an entry out of legacy order or a legacy move not followed shows
     * as its position, an entry lost or left stale as the positions behind it too. The reverse stream writes exactly
     * these rows (the legacy positions it writes keep the ledger's numbering).
     */
    public static final String QUEUE = "WITH " + APP_USERS + ",\n"
            + byLegacyUser("entry", LegacyMembershipImport.QUEUE) + """
            ,
            place AS (
                SELECT row_number() OVER (ORDER BY CAST(row ->> 'position' AS integer), legacy_id) AS place,
                       CAST(row ->> 'position' AS integer) AS position
                FROM legacy_row
                WHERE source_table = '%1$s' AND applied AND NOT deleted),
            last AS (
                SELECT count(*) AS place, coalesce(max(position), 0) AS position FROM place)
            SELECT coalesce(e.legacy_id, CAST(q.user_id AS text)) AS legacy_id, %2$s AS user_id,
                   CAST(coalesce(p.position, l.position + q.position - l.place) AS integer) AS position, q.joined_at
            FROM membership_queue q
            CROSS JOIN last l
            LEFT JOIN place p ON p.place = q.position
            LEFT JOIN app_user u ON u.member = CAST(q.user_id AS text)
            LEFT JOIN entry e ON e.legacy_user = u.legacy_id""".formatted(LegacyMembershipImport.QUEUE,
            legacyUser("q.user_id"));

    /** {@code public.kyc_verification}: a verification by member, its first document the legacy one. */
    static final String KYC = "WITH " + APP_USERS + ",\n" + byLegacyUser("verification", LegacyMembershipImport.KYC) + """

            SELECT coalesce(v.legacy_id, CAST(k.user_id AS text)) AS legacy_id, %s AS user_id, %s AS status,
                   k.documents -> 0 ->> 'type' AS document_type, k.documents -> 0 ->> 'reference' AS document_reference,
                   k.submitted_at, k.reviewed_at
            FROM kyc_verification k
            LEFT JOIN app_user u ON u.member = CAST(k.user_id AS text)
            LEFT JOIN verification v ON v.legacy_user = u.legacy_id""".formatted(legacyUser("k.user_id"),
            legacyValue("k.status", KycStatus.values(), KycStatus::value, KycStatus::legacyValue));

    /** {@code public.payout_management}: kept by legacy id, the amount at the legacy scale. */
    static final String PAYOUTS = "WITH " + APP_USERS + """

            SELECT CAST(p.id AS text) AS legacy_id, p.id, %s AS user_id, CAST(p.amount AS numeric(19, 4)) AS amount,
                   CAST(p.currency AS text) AS currency, %s AS status, p.scheduled_for, p.paid_at
            FROM payout_management p
            LEFT JOIN app_user u ON u.member = CAST(p.user_id AS text)""".formatted(legacyUser("p.user_id"),
            legacyValue("p.status", PayoutStatus.values(), PayoutStatus::value, PayoutStatus::legacyValue));

    /** {@code public.disputes}: kept by legacy id, against a payout, the legacy reason its first message. */
    static final String DISPUTES = "WITH " + APP_USERS + """

            SELECT CAST(d.id AS text) AS legacy_id, d.id, %s AS user_id,
                   CASE WHEN d.subject_type = 'payout' THEN d.subject_id END AS payout_id, %s AS status,
                   d.messages -> 0 ->> 'text' AS reason, d.opened_at, d.resolved_at
            FROM disputes d
            LEFT JOIN app_user u ON u.member = CAST(d.user_id AS text)""".formatted(legacyUser("d.user_id"),
            legacyValue("d.status", DisputeStatus.values(), DisputeStatus::value, DisputeStatus::legacyValue));

    /**
     * The legacy keys of one member ({@code :member}, its identity user id as text), for the reverse stream:
     * {@code legacy_user}, and {@code kyc_id}, the legacy id its verification is written under (as {@link #byLegacyUser}
     * chooses it, the member's rows alone read through the index {@code legacy_row_by_user}).
     */
    public static final String MEMBER_KEYS = "WITH " + APP_USERS + """

            SELECT %s AS legacy_user, coalesce(v.legacy_id, CAST(:member AS text)) AS kyc_id
            FROM (SELECT 1) one
            LEFT JOIN app_user u ON u.member = CAST(:member AS text)
            LEFT JOIN LATERAL (
                SELECT legacy_id FROM legacy_row
                WHERE source_table = '%s' AND applied AND row ->> 'user_id' = u.legacy_id
                ORDER BY deleted, source_at DESC LIMIT 1) v ON true""".formatted(legacyUser(":member"), LegacyMembershipImport.KYC);

    /** The legacy id of a row the service keys by member: the ledger's key, not kept by the service. */
    private static final String KEYED_BY_MEMBER = "the service keys it by its member (user_id), not by the legacy id";

    LegacyMembershipTargets(ReactiveLegacyLedger ledger) {
        ledger.targets().declare(LegacyTarget.of(LegacyMembershipImport.MEMBERSHIPS, MEMBERSHIPS,
                        Map.of("created_at", "the service dates the membership by its own clock (created_at at the import)"))
                .expecting((target, row, deleted) -> deleted ? null
                        : with(target.mapped(row), "status",
                        status(row, MembershipStatus::of, MembershipStatus::legacyValue))));
        ledger.targets().declare(LegacyTarget.of(LegacyMembershipImport.QUEUE, QUEUE, Map.of("id", KEYED_BY_MEMBER)));
        ledger.targets().declare(LegacyTarget.of(LegacyMembershipImport.KYC, KYC, Map.of("id", KEYED_BY_MEMBER))
                .expecting((target, row, deleted) -> {
                    if (deleted) {
                        return null;
                    }
                    Map<String, Object> held = with(target.mapped(row), "status",
                            status(row, KycStatus::of, KycStatus::legacyValue));
                    List<KycDocument> documents = LegacyMembershipImport.documents(LegacyChange.text(row, "document_type"),
                            LegacyChange.text(row, "document_reference"));
                    held.put("document_type", documents.isEmpty() ? null : documents.get(0).type());
                    held.put("document_reference", documents.isEmpty() ? null : documents.get(0).reference());
                    return held;
                }));
        ledger.targets().declare(LegacyTarget.of(LegacyMembershipImport.PAYOUTS, PAYOUTS, Map.of())
                .expecting((target, row, deleted) -> deleted ? null
                        : with(with(target.mapped(row), "status",
                        status(row, PayoutStatus::of, PayoutStatus::legacyValue)),
                        "currency", LegacyMembershipImport.currency(LegacyChange.text(row, "currency")))));
        ledger.targets().declare(LegacyTarget.of(LegacyMembershipImport.DISPUTES, DISPUTES, Map.of())
                .expecting((target, row, deleted) -> {
                    if (deleted) {
                        return null;
                    }
                    String legacy = LegacyChange.text(row, "status");
                    return with(target.mapped(row), "status",
                            LegacyMembershipImport.disputeStatus(legacy).map(DisputeStatus::legacyValue).orElse(legacy));
                }));
    }

    /**
     * The row's status as the import reads it (the domain's own parser, any case), spelt back as the legacy app's
     * ({@code legacyValue()}); the legacy value itself when it names no status (such a row is refused, never applied).
     */
    private static <S> String status(ObjectNode row, Function<String, S> parser, Function<S, String> legacyValue) {
        String legacy = LegacyChange.text(row, "status");
        return LegacyMembershipImport.parsed(legacy, parser).map(legacyValue).orElse(legacy);
    }

    /** A status column in the legacy app's spelling: each status the service stores as its {@code legacyValue()}. */
    private static <S extends Enum<S>> String legacyValue(String column, S[] statuses, Function<S, String> stored,
                                                          Function<S, String> legacyValue) {
        return Arrays.stream(statuses).map(s -> "WHEN '" + stored.apply(s) + "' THEN '" + legacyValue.apply(s) + "' ")
                .collect(Collectors.joining("", "CASE " + column + " ", "END"));
    }

    /** The mapped columns with one of them as the import reads it. */
    private static Map<String, Object> with(Map<String, Object> mapped, String column, Object value) {
        Map<String, Object> held = new TreeMap<>(mapped);
        held.put(column, value);
        return held;
    }
}
