package app.platform.audit.legacy.adapter.out.persistence;

import app.platform.audit.legacy.application.HeldLegacyAudit;
import app.platform.audit.legacy.application.LegacyAuditImport;
import app.platform.legacy.ReactiveLegacyLedger;
import org.springframework.stereotype.Component;

/**
 * What the audit log holds of the legacy audit tables, in their columns: of every legacy row audited (its entries'
 * aggregate type says so) its latest entry, by the order of the chain ({@code id}): the first entry, or the latest
 * revision; nothing when that is a tombstone (the legacy row was deleted). Its id, target and details as the entry's
 * data keeps them; its action, actor as the entry's type and actor; its {@code created_at} as a revision's data keeps
 * it ({@code createdAt}), else the entry's time of occurrence (a first entry's is the legacy {@code created_at}); what
 * the import's expectation makes of the legacy row by the same rules. A member's address and user agent as the
 * entry's columns; and a member's legacy app user as the entry's data keeps it ({@code legacyUserId}), when the chain
 * the entry is in is that user's identity user by the ledger's own copy of {@code public.users} (null otherwise, so a
 * row in another member's chain shows as changed).
 */
@Component
class SqlHeldLegacyAudit implements HeldLegacyAudit {

    /** The system chain: a system row's entries have its legacy id as their aggregate id. */
    private static final String SYSTEM = """
            SELECT l.aggregate_id AS legacy_id, l.d->>'legacyId' AS id, l.event_type AS action, l.actor AS actor_id,
                   l.d->>'target' AS target, l.d->>'details' AS details,
                   COALESCE(CAST(l.d->>'createdAt' AS timestamptz), l.occurred_at) AS created_at
            FROM (SELECT DISTINCT ON (s.aggregate_id) s.aggregate_id, s.event_type, s.actor, s.occurred_at,
                         CAST(s.data AS jsonb) AS d
                  FROM system_audit_logs s WHERE s.aggregate_type = '%1$s'
                  ORDER BY s.aggregate_id, s.id DESC) l
            WHERE l.event_type <> '%2$s'""";

    /** The members' chains: a member's row's entries have the member as their aggregate id, its legacy id in data. */
    private static final String USER = """
            SELECT l.d->>'legacyId' AS legacy_id, l.d->>'legacyId' AS id,
                   CASE WHEN lower(lu.row->>'auth_user_id') = CAST(l.user_id AS text) THEN lu.legacy_id END AS user_id,
                   l.event_type AS action, l.ip_address AS ip_address, l.user_agent AS user_agent,
                   COALESCE(CAST(l.d->>'createdAt' AS timestamptz), l.occurred_at) AS created_at
            FROM (SELECT DISTINCT ON (j.d->>'legacyId') u.user_id, u.event_type, u.ip_address, u.user_agent,
                         u.occurred_at, j.d
                  FROM user_audit_logs u CROSS JOIN LATERAL (SELECT CAST(u.data AS jsonb) AS d) j
                  WHERE u.aggregate_type = '%2$s'
                  ORDER BY j.d->>'legacyId', u.id DESC) l
            LEFT JOIN legacy_row lu ON lu.source_table = '%1$s' AND lu.legacy_id = l.d->>'legacyUserId' AND lu.applied
            WHERE l.event_type <> '%3$s'""";

    @Override
    public String query(String table, String aggregateType, String deletedType) {
        for (String name : new String[] {aggregateType, deletedType}) {
            if (!name.matches("[A-Za-z0-9_.]+")) {
                throw new IllegalArgumentException("not a name: " + name);
            }
        }
        return switch (table) {
            case LegacyAuditImport.SYSTEM_LOGS -> SYSTEM.formatted(aggregateType, deletedType);
            case LegacyAuditImport.USER_LOGS -> USER.formatted(ReactiveLegacyLedger.USERS, aggregateType, deletedType);
            default -> throw new IllegalArgumentException("audit imports no legacy table " + table);
        };
    }
}
