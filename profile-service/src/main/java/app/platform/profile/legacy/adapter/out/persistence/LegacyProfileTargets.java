package app.platform.profile.legacy.adapter.out.persistence;

import app.platform.legacy.LegacyTarget;
import app.platform.legacy.ReactiveLegacyLedger;
import app.platform.profile.legacy.application.LegacyProfileExpected;
import app.platform.profile.legacy.application.LegacyProfileImport;
import java.util.Map;
import org.springframework.context.annotation.Configuration;

/**
 * What this service's own tables hold of each legacy table it imports ({@link LegacyTarget}), said in the legacy
 * table's terms, for the cutover's verification ({@code GET /api/profile/internal/legacy/<table>/target}) and the
 * failback's ({@code …/failback}): a query per table that turns the service's rows back into the legacy columns, each
 * under the legacy id the failback writes it at (the app users made here, and theirs, too), the legacy columns it does
 * not keep (with why), and what it should hold of a row ({@link LegacyProfileExpected}, by the import's own rules).
 */
@Configuration(proxyBeanMethods = false)
public class LegacyProfileTargets {

    /**
     * The legacy id of an app user ({@code users u}), which the failback writes it at: its legacy id, or, made here,
     * its own (the identity user's).
     */
    public static final String LEGACY_USER_ID = "coalesce(u.legacy_id, u.id)";

    /**
     * The ledger's live legacy profiles ({@code legacy_row lr}) of an app user ({@code users u}): the failback writes
     * its profile at the newest one's id, else at the app user's own id.
     */
    public static final String LIVE_LEGACY_PROFILE = "lr.source_table = 'public.user_profiles' AND NOT lr.deleted "
            + "AND lr.row ->> 'user_id' = CAST(u.legacy_id AS text)";

    /** Every app user under its legacy id, a deleted legacy app user's too (kept, closed); an empty e-mail is none. */
    static final String USERS = """
            SELECT CAST(%1$s AS text) AS legacy_id, %1$s AS id, CAST(u.auth_user_id AS text) AS auth_user_id,
                   NULLIF(u.email, '') AS email, u.email_verified, u.status
            FROM users u""".formatted(LEGACY_USER_ID);

    /**
     * The profile of each app user (the service keeps one per app user, not the legacy profile's id): under every live
     * legacy profile the ledger has of its app user (its {@code user_id}), and under the app user's own id when the
     * ledger has none (a user made here, or one whose legacy profile is gone), where the failback writes it. A deleted
     * legacy profile's id holds nothing: the failback's check would name it extra, the legacy table having no row.
     */
    static final String PROFILES = """
            SELECT lr.legacy_id AS legacy_id, lr.legacy_id AS id, CAST(u.legacy_id AS text) AS user_id,
                   p.display_name, p.first_name, p.last_name, p.avatar_url, p.bio
            FROM legacy_row lr
            JOIN users u ON CAST(u.legacy_id AS text) = lr.row->>'user_id'
            JOIN user_profiles p ON p.user_id = u.id
            WHERE lr.source_table = 'public.user_profiles' AND NOT lr.deleted
            UNION ALL
            SELECT CAST(u.id AS text), CAST(u.id AS text), CAST(%s AS text),
                   p.display_name, p.first_name, p.last_name, p.avatar_url, p.bio
            FROM users u
            JOIN user_profiles p ON p.user_id = u.id
            WHERE NOT EXISTS (SELECT 1 FROM legacy_row lr WHERE %s)""".formatted(LEGACY_USER_ID, LIVE_LEGACY_PROFILE);

    /** Every contact, under its id (a legacy one keeps its legacy id), with its app user's legacy id. */
    static final String CONTACTS = """
            SELECT CAST(c.id AS text) AS legacy_id, c.id, CAST(%s AS text) AS user_id, c.kind, c.value, c.verified
            FROM user_contacts c
            JOIN users u ON u.id = c.user_id""".formatted(LEGACY_USER_ID);

    /** Every address, under its id (a legacy one keeps its legacy id), with its app user's legacy id. */
    static final String ADDRESSES = """
            SELECT CAST(a.id AS text) AS legacy_id, a.id, CAST(%s AS text) AS user_id, a.type, a.line1, a.city,
                   a.postal_code, CAST(a.country AS text) AS country
            FROM user_addresses a
            JOIN users u ON u.id = a.user_id""".formatted(LEGACY_USER_ID);

    private static final String OWN_MODIFICATION_TIME = "the service keeps its own modification time";

    LegacyProfileTargets(ReactiveLegacyLedger ledger) {
        ledger.targets().declare(LegacyTarget.of(LegacyProfileImport.USERS, USERS, Map.of(
                        "created_at", "the app user's creation time is when this service first learnt of the identity "
                                + "user: the legacy row's when the import created the app user, identity's registration "
                                + "when that came first (the import does not overwrite it)",
                        "updated_at", OWN_MODIFICATION_TIME))
                .expecting(LegacyProfileExpected::user));
        ledger.targets().declare(LegacyTarget.of(LegacyProfileImport.PROFILES, PROFILES, Map.of(
                        "updated_at", OWN_MODIFICATION_TIME + " (and a version per profile)"))
                .expecting(LegacyProfileExpected::profile));
        ledger.targets().declare(LegacyTarget.of(LegacyProfileImport.CONTACTS, CONTACTS, Map.of(
                        "is_primary", "exactly one contact of each kind is primary, by the service's rule: the first one "
                                + "is, a legacy primary takes the flag, a removed primary passes it to the oldest "
                                + "remaining one; the flag depends on the user's other contacts, not on this row alone",
                        "created_at", "the service stamps a contact with when it was added here (the import's time)"))
                .expecting(LegacyProfileExpected::contact));
        ledger.targets().declare(LegacyTarget.of(LegacyProfileImport.ADDRESSES, ADDRESSES, Map.of(
                        "created_at", "the service stamps an address with when it was added here (the import's time)"))
                .expecting(LegacyProfileExpected::address));
    }
}
