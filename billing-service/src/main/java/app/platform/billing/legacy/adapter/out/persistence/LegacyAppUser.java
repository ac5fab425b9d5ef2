package app.platform.billing.legacy.adapter.out.persistence;

import app.platform.legacy.ReactiveLegacyLedger;

/**
 * A member's legacy app user ({@code public.users} id) in SQL, one rule for the reverse stream, which writes the
 * member's rows under it, and for the targets, which turn billing's rows back by it (billing keeps no legacy user id):
 * the legacy user the import resolved the member from ({@link ReactiveLegacyLedger#forUser}, through the ledger's own
 * copy of {@code public.users}: a live one before a deleted one, should two name the same identity user), else the
 * member's own id (a member made here, whose app user profile's reverse stream writes under that id too). Unlike
 * {@link ReactiveLegacyLedger#legacyAppUser}, a deleted legacy user still counts: the member's imported rows stay under
 * it (the stream never rewrites a row's {@code user_id}), and so does profile's app user of legacy origin.
 */
public final class LegacyAppUser {

    /** Each legacy app user in the ledger by the identity user id it names ({@code auth_user_id}, in lower case). */
    private static final String BY_AUTH_USER = """
            (SELECT DISTINCT ON (lower(u.row->>'auth_user_id')) lower(u.row->>'auth_user_id') AS auth_user_id,
                    u.legacy_id
             FROM legacy_row u WHERE u.source_table = '%s' AND u.applied
             ORDER BY lower(u.row->>'auth_user_id'), u.deleted, u.legacy_id)""".formatted(ReactiveLegacyLedger.USERS);

    /** The legacy app user (a uuid) of one member, {@code :id}. */
    public static final String OF_MEMBER = "SELECT CAST(" + of("m.id") + " AS uuid)\n"
            + "FROM (SELECT CAST(:id AS uuid) AS id) m\n" + join("m.id");

    private LegacyAppUser() {
    }

    /** The legacy app user, as text, of the member the SQL expression {@code member} is, read from {@link #join}. */
    static String of(String member) {
        return "coalesce(lu.legacy_id, CAST(" + member + " AS text))";
    }

    /** The join (alias {@code lu}) that {@link #of} reads the member's legacy app user from. */
    static String join(String member) {
        return "LEFT JOIN " + BY_AUTH_USER + " lu ON lu.auth_user_id = CAST(" + member + " AS text)";
    }
}
