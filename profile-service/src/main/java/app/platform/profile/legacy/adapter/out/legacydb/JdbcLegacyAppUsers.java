package app.platform.profile.legacy.adapter.out.legacydb;

import app.platform.events.EventEnvelope;
import app.platform.failback.LegacyWriter;
import app.platform.legacy.ReactiveLegacyLedger;
import app.platform.profile.appuser.domain.AppUserStatus;
import app.platform.profile.legacy.adapter.out.persistence.LegacyProfileTargets;
import app.platform.profile.legacy.application.LegacyAppUsers;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

/**
 * Writes profile's app users into the legacy app's {@code public.users}, {@code user_profiles}, {@code user_contacts}
 * and {@code user_addresses} (the reverse of {@code LegacyProfileImport}). The legacy ids: an app user of legacy
 * origin keeps its legacy id, and its profile the legacy profile's (from the ledger); one made here is written under
 * its own id (the identity user's), and so is its profile; contacts and addresses keep their ids either way. Contacts
 * and addresses the user no longer has here are removed there ({@link LegacyWriter#removeGone}: only rows profile
 * imported or wrote).
 */
@Component
@ConditionalOnProperty(name = "platform.failback.enabled", havingValue = "true")
class JdbcLegacyAppUsers implements LegacyAppUsers {

    private static final String SERVICE = "profile-service";
    private static final Duration READ = Duration.ofSeconds(30);
    private static final String CONTACTS = "public.user_contacts";
    private static final String ADDRESSES = "public.user_addresses";

    /** The app user with its legacy ids, as the targets name them ({@link LegacyProfileTargets}). */
    private static final String USER = """
            SELECT %s AS legacy_id, u.auth_user_id, NULLIF(u.email, '') AS email,
                   u.email_verified, u.status, u.created_at,
                   coalesce((SELECT CAST(lr.legacy_id AS uuid) FROM legacy_row lr WHERE %s
                             ORDER BY lr.source_at DESC LIMIT 1), u.id) AS profile_id
            FROM users u WHERE u.id = :id""".formatted(LegacyProfileTargets.LEGACY_USER_ID,
            LegacyProfileTargets.LIVE_LEGACY_PROFILE);

    private final DatabaseClient profile;
    private final ReactiveLegacyLedger ledger;
    private final LegacyWriter writer;

    JdbcLegacyAppUsers(DatabaseClient profile, ReactiveLegacyLedger ledger, LegacyWriter writer) {
        this.profile = profile;
        this.ledger = ledger;
        this.writer = writer;
    }

    @Override
    public void writeUser(EventEnvelope event, UUID appUserId) {
        if (one(USER, appUserId) == null) { // an identity user this service has not made an app user of (yet)
            writer.notCarried(event, SERVICE, "no app user for it in profile");
            return;
        }
        writer.carry(event, SERVICE, appUserId.toString(), legacy -> write(legacy, appUserId));
    }

    /** The app user as profile holds it now (read after the key's lock), written over what the legacy tables hold. */
    private void write(JdbcClient legacy, UUID appUserId) {
        Map<String, Object> user = one(USER, appUserId);
        Map<String, Object> details = one("SELECT display_name, first_name, last_name, avatar_url, bio FROM user_profiles "
                + "WHERE user_id = :id", appUserId);
        List<Map<String, Object>> contacts = all("SELECT id, kind, value, is_primary, verified, created_at "
                + "FROM user_contacts WHERE user_id = :id", appUserId);
        List<Map<String, Object>> addresses = all("SELECT id, type, line1, city, postal_code, CAST(country AS text) "
                + "AS country, created_at FROM user_addresses WHERE user_id = :id", appUserId);
        UUID legacyUser = (UUID) user.get("legacy_id");
        List<String> importedContacts = ledger.importedFor(CONTACTS, legacyUser).block(READ);
        List<String> importedAddresses = ledger.importedFor(ADDRESSES, legacyUser).block(READ);
        legacy.sql("""
                        INSERT INTO public.users (id, auth_user_id, email, email_verified, status, created_at, updated_at)
                        VALUES (:id, :auth, :email, :verified, :status, :created, now())
                        ON CONFLICT (id) DO UPDATE SET auth_user_id = EXCLUDED.auth_user_id, email = EXCLUDED.email,
                            email_verified = EXCLUDED.email_verified, status = EXCLUDED.status, updated_at = now()""")
                .param("id", legacyUser).param("auth", user.get("auth_user_id").toString())
                .param("email", user.get("email")).param("verified", user.get("email_verified"))
                .param("status", AppUserStatus.valueOf((String) user.get("status")).legacyValue())
                .param("created", user.get("created_at")).update();
        if (details != null) {
            legacy.sql("""
                            INSERT INTO public.user_profiles (id, user_id, display_name, first_name, last_name,
                                                              avatar_url, bio, updated_at)
                            VALUES (:id, :user, :display, :first, :last, :avatar, :bio, now())
                            ON CONFLICT (id) DO UPDATE SET display_name = EXCLUDED.display_name,
                                first_name = EXCLUDED.first_name, last_name = EXCLUDED.last_name,
                                avatar_url = EXCLUDED.avatar_url, bio = EXCLUDED.bio, updated_at = now()""")
                    .param("id", user.get("profile_id")).param("user", legacyUser)
                    .param("display", details.get("display_name")).param("first", details.get("first_name"))
                    .param("last", details.get("last_name")).param("avatar", details.get("avatar_url"))
                    .param("bio", details.get("bio")).update();
        }
        for (Map<String, Object> contact : contacts) {
            legacy.sql("""
                            INSERT INTO public.user_contacts (id, user_id, kind, value, is_primary, verified, created_at)
                            VALUES (:id, :user, :kind, :value, :primary, :verified, :created)
                            ON CONFLICT (id) DO UPDATE SET kind = EXCLUDED.kind, value = EXCLUDED.value,
                                is_primary = EXCLUDED.is_primary, verified = EXCLUDED.verified""")
                    .param("id", contact.get("id")).param("user", legacyUser).param("kind", contact.get("kind"))
                    .param("value", contact.get("value")).param("primary", contact.get("is_primary"))
                    .param("verified", contact.get("verified")).param("created", contact.get("created_at")).update();
        }
        for (Map<String, Object> address : addresses) {
            legacy.sql("""
                            INSERT INTO public.user_addresses (id, user_id, type, line1, city, postal_code, country,
                                                               created_at)
                            VALUES (:id, :user, :type, :line1, :city, :postal, :country, :created)
                            ON CONFLICT (id) DO UPDATE SET type = EXCLUDED.type, line1 = EXCLUDED.line1,
                                city = EXCLUDED.city, postal_code = EXCLUDED.postal_code,
                                country = EXCLUDED.country""")
                    .param("id", address.get("id")).param("user", legacyUser).param("type", address.get("type"))
                    .param("line1", address.get("line1")).param("city", address.get("city"))
                    .param("postal", address.get("postal_code")).param("country", address.get("country"))
                    .param("created", address.get("created_at")).update();
        }
        LegacyWriter.removeGone(legacy, CONTACTS, legacyUser, ids(contacts), importedContacts);
        LegacyWriter.removeGone(legacy, ADDRESSES, legacyUser, ids(addresses), importedAddresses);
    }

    @Override
    public void notCarried(EventEnvelope event, String why) {
        writer.notCarried(event, SERVICE, why);
    }

    private static List<Object> ids(List<Map<String, Object>> rows) {
        return rows.stream().map(row -> row.get("id")).toList();
    }

    @Override
    public boolean pendingHere(EventEnvelope event, UUID appUserId) {
        return profile.sql("SELECT 1 AS pending FROM users WHERE id = :user "
                        + "AND NOT EXISTS (SELECT 1 FROM processed_event WHERE event_id = :event)")
                .bind("user", appUserId).bind("event", event.eventId()).fetch().one().blockOptional(READ).isPresent();
    }

    private Map<String, Object> one(String sql, UUID id) {
        return profile.sql(sql).bind("id", id).fetch().one().block(READ);
    }

    private List<Map<String, Object>> all(String sql, UUID id) {
        return profile.sql(sql).bind("id", id).fetch().all().collectList().block(READ);
    }
}
