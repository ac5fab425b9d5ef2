package app.platform.profile.legacy.adapter.out.persistence;

import app.platform.legacy.LegacyTarget;
import app.platform.legacy.ReactiveLegacyLedger;
import app.platform.profile.legacy.application.LegacyProfileExpected;
import app.platform.profile.legacy.application.LegacyProfileImport;
import java.util.Map;
import org.springframework.context.annotation.Configuration;

/**
 * What this service's own tables hold of each legacy table it imports ({@link LegacyTarget}), said in the legacy
 * table's terms, for the cutover's verification ({@code GET /api/profile/internal/legacy/<table>/target}): a query
 * per table that turns the service's rows back into the legacy columns, the legacy columns it does not keep (with
 * why), and what it should hold of a row ({@link LegacyProfileExpected}, by the import's own rules).
 */
@Configuration(proxyBeanMethods = false)
class LegacyProfileTargets {

    /** The app users of legacy origin, a deleted legacy app user's too (kept, closed); an empty e-mail is none. */
    static final String USERS = """
            SELECT CAST(u.legacy_id AS text) AS legacy_id, u.legacy_id AS id,
                   CAST(u.auth_user_id AS text) AS auth_user_id, NULLIF(u.email, '') AS email, u.email_verified, u.status
            FROM users u
            WHERE u.legacy_id IS NOT NULL""";

    /**
     * The profile of each app user of legacy origin: the service keeps one profile per app user, not the legacy
     * profile's id, so the legacy profile is found through the ledger's own copy of it (its {@code user_id}).
     */
    static final String PROFILES = """
            SELECT lr.legacy_id AS legacy_id, lr.legacy_id AS id, CAST(u.legacy_id AS text) AS user_id,
                   p.display_name, p.first_name, p.last_name, p.avatar_url, p.bio
            FROM legacy_row lr
            JOIN users u ON CAST(u.legacy_id AS text) = lr.row->>'user_id'
            JOIN user_profiles p ON p.user_id = u.id
            WHERE lr.source_table = 'public.user_profiles'""";

    /** Every contact, under its id (a legacy one keeps its legacy id), with its user's legacy id. */
    static final String CONTACTS = """
            SELECT CAST(c.id AS text) AS legacy_id, c.id, CAST(u.legacy_id AS text) AS user_id, c.kind, c.value, c.verified
            FROM user_contacts c
            JOIN users u ON u.id = c.user_id""";

    /** Every address, under its id (a legacy one keeps its legacy id), with its user's legacy id. */
    static final String ADDRESSES = """
            SELECT CAST(a.id AS text) AS legacy_id, a.id, CAST(u.legacy_id AS text) AS user_id, a.type, a.line1, a.city,
                   a.postal_code, CAST(a.country AS text) AS country
            FROM user_addresses a
            JOIN users u ON u.id = a.user_id""";

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
