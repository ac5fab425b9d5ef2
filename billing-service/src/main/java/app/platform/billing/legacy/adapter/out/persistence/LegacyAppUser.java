package app.platform.billing.legacy.adapter.out.persistence;

import app.platform.legacy.ReactiveLegacyLedger;

/**
 * A member's legacy app user ({@code public.users} id) in SQL, one rule for the reverse stream, which writes the
 * member's rows under it, and for the targets, which turn billing's rows back by it (billing keeps no legacy user id):
 * the legacy user the ledger imported for the member ({@link ReactiveLegacyLedger#APP_USERS}), else the member's own
 * id (a member made here, whose app user profile's reverse stream writes under that id too).
 */
public final class LegacyAppUser {

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
        return "LEFT JOIN (" + ReactiveLegacyLedger.APP_USERS + ") lu ON lu.member = lower(CAST(" + member + " AS text))";
    }
}
