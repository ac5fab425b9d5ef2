package app.platform.identity.legacy.adapter.out.legacydb;

import app.platform.crypto.KeyCipher;
import app.platform.events.EventEnvelope;
import app.platform.failback.LegacyWriter;
import app.platform.identity.legacy.adapter.out.persistence.LegacyTargetsSql;
import app.platform.identity.legacy.application.GoTrueRows;
import app.platform.identity.legacy.domain.LegacyUser;
import app.platform.identity.mfa.domain.Totp;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Writes identity's users into GoTrue's {@code auth.users} and {@code auth.identities} (the reverse of
 * {@code LegacyImport}): the columns identity keeps, GoTrue's own values for the rest of a new row (the nil instance,
 * audience and role {@code authenticated}, {@code ''} in the token columns, which GoTrue cannot read as null), the
 * password hash in GoTrue's form ({@link LegacyTargetsSql#ENCRYPTED_PASSWORD}, {@link LegacyUser#legacyHash}), a user
 * deleted here as GoTrue's soft delete leaves one ({@link LegacyTargetsSql#DELETED_HERE}); an {@code email}
 * identity for a user with an
 * address, as GoTrue makes one at sign-up, and one identity per linked provider account, those unlinked here removed.
 * A user is written at its id; a provider identity at the legacy id identity's targets hold its account under
 * ({@link LegacyTargetsSql#LEGACY_IDENTITY}: its legacy identity's, else the account's own), so that the failback's
 * check finds it.
 */
@Component
@ConditionalOnProperty(name = "platform.failback.enabled", havingValue = "true")
class JdbcGoTrueRows implements GoTrueRows {

    private static final String SERVICE = "identity-service";
    private static final String USER = """
            SELECT u.email, %s AS legacy_email, %s AS legacy_phone, %s AS app_metadata, %s AS user_metadata,
                   %s AS deleted_here, u.email_verified_at, u.banned_until, u.deleted_at, u.is_anonymous, u.is_sso_user,
                   u.created_at, %s AS hash, lr.row ->> 'encrypted_password' AS imported_hash,
                   lr.legacy_id IS NOT NULL AND lr.row ->> 'email_confirmed_at' IS NULL
                       AND u.email_verified_at IS NOT NULL AS claimed
            FROM users u
            %s
            WHERE u.id = :id""".formatted(LegacyTargetsSql.EMAIL, LegacyTargetsSql.PHONE, LegacyTargetsSql.APP_METADATA,
            LegacyTargetsSql.USER_METADATA, LegacyTargetsSql.DELETED_HERE, LegacyTargetsSql.ENCRYPTED_PASSWORD,
            LegacyTargetsSql.PASSWORD_AND_LEDGER);

    /**
     * A user deleted here: its remaining identities ({@code email}, {@code phone}) as GoTrue's soft delete leaves them,
     * {@code identity_data} emptied (GoTrue finds an address taken by its identities' {@code email}, generated from
     * it) and {@code provider_id} obfuscated; once only.
     */
    private static final String SOFT_DELETE_IDENTITIES = """
            UPDATE auth.identities SET identity_data = '{}', provider_id = %s, updated_at = now()
            WHERE user_id = :id AND identity_data <> '{}'""".formatted(
            LegacyTargetsSql.obfuscated("user_id", "provider || ':' || provider_id"));
    private static final String LINKED = """
            SELECT a.provider, a.provider_subject,
                   coalesce((SELECT lr.legacy_id FROM legacy_row lr WHERE %s ORDER BY %s LIMIT 1),
                            CAST(a.id AS text)) AS legacy_id
            FROM account a WHERE a.user_id = :id AND a.provider <> 'password'""".formatted(
            LegacyTargetsSql.LEGACY_IDENTITY, LegacyTargetsSql.LEGACY_IDENTITY_ORDER);
    private static final String UPSERT_USER = """
            INSERT INTO auth.users (instance_id, id, aud, role, email, encrypted_password, email_confirmed_at,
                                    raw_app_meta_data, raw_user_meta_data, created_at, updated_at, phone, banned_until,
                                    deleted_at, is_anonymous, is_sso_user, confirmation_token, recovery_token,
                                    email_change_token_new, email_change)
            VALUES ('00000000-0000-0000-0000-000000000000', :id, 'authenticated', 'authenticated', :email, :hash,
                    :confirmed, CAST(:app AS jsonb), CAST(:meta AS jsonb), :created, now(), :phone, :banned, :deleted,
                    :anonymous, :sso, '', '', '', '')
            ON CONFLICT (id) DO UPDATE SET email = EXCLUDED.email, encrypted_password = EXCLUDED.encrypted_password,
                email_confirmed_at = EXCLUDED.email_confirmed_at, raw_app_meta_data = EXCLUDED.raw_app_meta_data,
                raw_user_meta_data = EXCLUDED.raw_user_meta_data, phone = EXCLUDED.phone,
                banned_until = EXCLUDED.banned_until, deleted_at = EXCLUDED.deleted_at,
                is_anonymous = EXCLUDED.is_anonymous, updated_at = now()""";
    private static final String UPSERT_IDENTITY = """
            INSERT INTO auth.identities (id, provider_id, user_id, identity_data, provider, created_at, updated_at)
            VALUES (CAST(:key AS uuid), :subject, :id,
                    jsonb_build_object('sub', :subject, 'email', :email, 'email_verified', :verified), :provider,
                    now(), now())
            ON CONFLICT (provider_id, provider) DO UPDATE SET identity_data = auth.identities.identity_data
                || jsonb_build_object('email', :email, 'email_verified', :verified), updated_at = now()""";

    /**
     * GoTrue's verified TOTP factor of the user, at {@link #factorId}; the secret base32, as GoTrue keeps it; a name of
     * its own (GoTrue's names are unique per user: one the user gave a factor there must not refuse the user's write).
     */
    private static final String UPSERT_FACTOR = """
            INSERT INTO auth.mfa_factors (id, user_id, friendly_name, factor_type, status, created_at, updated_at, secret)
            VALUES (:factor, :id, 'Authenticator app (platform)', CAST('totp' AS auth.factor_type),
                    CAST('verified' AS auth.factor_status), :confirmed, now(), :secret)
            ON CONFLICT (id) DO UPDATE SET secret = EXCLUDED.secret, status = EXCLUDED.status, updated_at = now()""";

    private final JdbcClient identity;
    private final LegacyWriter writer;
    private final KeyCipher cipher;

    JdbcGoTrueRows(JdbcClient identity, LegacyWriter writer, KeyCipher cipher) {
        this.identity = identity;
        this.writer = writer;
        this.cipher = cipher;
    }

    @Override
    public void writeUser(EventEnvelope event, UUID userId) {
        if (identity.sql("SELECT 1 FROM users WHERE id = :id").param("id", userId).query().listOfRows().isEmpty()) {
            writer.notCarried(event, SERVICE, "no such user in identity"); // users are only ever marked deleted
            return;
        }
        writer.carry(event, SERVICE, userId.toString(), legacy -> {
            Map<String, Object> user = identity.sql(USER).param("id", userId).query().singleRow();
            List<Map<String, Object>> linked = identity.sql(LINKED).param("id", userId).query().listOfRows();
            String email = (String) user.get("email");
            boolean verified = user.get("email_verified_at") != null;
            legacy.sql(UPSERT_USER).param("id", userId).param("email", user.get("legacy_email"))
                    .param("hash", LegacyUser.legacyHash((String) user.get("hash"), (String) user.get("imported_hash"),
                            user.get("deleted_at") != null, Boolean.TRUE.equals(user.get("claimed"))))
                    .param("confirmed", time(user, "email_verified_at")).param("app", user.get("app_metadata"))
                    .param("meta", user.get("user_metadata")).param("created", time(user, "created_at"))
                    .param("phone", user.get("legacy_phone")).param("banned", time(user, "banned_until"))
                    .param("deleted", time(user, "deleted_at")).param("anonymous", user.get("is_anonymous"))
                    .param("sso", user.get("is_sso_user")).update();
            if (email != null && user.get("deleted_at") == null) {
                // GoTrue's own key for an identity: a random one
                identity(legacy, userId, UUID.randomUUID().toString(), "email", userId.toString(), email, verified);
            }
            for (Map<String, Object> account : linked) {
                identity(legacy, userId, (String) account.get("legacy_id"), (String) account.get("provider"),
                        (String) account.get("provider_subject"), email, verified);
            }
            // a provider account unlinked here (or every one, the user deleted) goes
            legacy.sql("DELETE FROM auth.identities WHERE user_id = :id AND provider NOT IN ('email', 'phone') "
                            + "AND NOT (provider || ':' || provider_id = ANY (CAST(:kept AS text[])))")
                    .param("id", userId)
                    .param("kept", linked.stream().map(a -> a.get("provider") + ":" + a.get("provider_subject"))
                            .toArray(String[]::new))
                    .update();
            if (Boolean.TRUE.equals(user.get("deleted_here"))) {
                legacy.sql(SOFT_DELETE_IDENTITIES).param("id", userId).update();
            }
            factor(legacy, userId, user.get("deleted_at") == null);
        });
    }

    /**
     * The user's confirmed TOTP as GoTrue's verified factor in {@code auth.mfa_factors}, where the legacy database has
     * that table (a Supabase project does), so the user's authenticator app goes on working; none once it is turned
     * off here or the user is deleted. The factor imported from GoTrue is written at its own id; no other factor GoTrue
     * enrolled is touched.
     */
    private void factor(JdbcClient legacy, UUID userId, boolean live) {
        if (!holdsFactors(legacy)) {
            return;
        }
        List<Map<String, Object>> totp = identity.sql("SELECT secret_encrypted, confirmed_at FROM two_factor "
                + "WHERE user_id = :id AND confirmed_at IS NOT NULL").param("id", userId).query().listOfRows();
        // an imported factor is written back at its own id; one set up here at one of its own
        UUID factor = identity.sql("SELECT id FROM legacy_factor WHERE user_id = :id AND factor_type = 'totp' AND applied "
                        + "ORDER BY updated_at DESC NULLS LAST, id LIMIT 1")
                .param("id", userId).query(UUID.class).optional().orElse(factorId(userId));
        if (live && !totp.isEmpty()) {
            legacy.sql(UPSERT_FACTOR).param("factor", factor).param("id", userId)
                    .param("confirmed", time(totp.getFirst(), "confirmed_at"))
                    .param("secret", Totp.base32(cipher.decrypt((byte[]) totp.getFirst().get("secret_encrypted")))).update();
        } else {
            legacy.sql("DELETE FROM auth.mfa_factors WHERE id = :factor").param("factor", factor).update();
        }
    }

    /**
     * The id of the factor written from here for a user set up here: one per user, the same on every write (the
     * verification's {@code LegacyTargetsSql.PLATFORM_TOTP_ID} computes it too).
     */
    static UUID factorId(UUID userId) {
        return UUID.nameUUIDFromBytes(("platform-totp:" + userId).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Override
    public boolean holdsFactors() {
        return writer.read(JdbcGoTrueRows::holdsFactors);
    }

    private static boolean holdsFactors(JdbcClient legacy) {
        return Boolean.TRUE.equals(legacy.sql("SELECT to_regclass('auth.mfa_factors') IS NOT NULL").query(Boolean.class).single());
    }

    @Override
    public void notCarried(EventEnvelope event, String why) {
        writer.notCarried(event, SERVICE, why);
    }

    /** Writes an identity at {@code key}, or updates the one GoTrue has of the provider's subject (its id kept). */
    private static void identity(JdbcClient legacy, UUID userId, String key, String provider, String subject,
                                 String email, boolean verified) {
        legacy.sql(UPSERT_IDENTITY).param("id", userId).param("key", key).param("provider", provider)
                .param("subject", subject).param("email", email).param("verified", verified).update();
    }

    private static OffsetDateTime time(Map<String, Object> row, String column) {
        Object value = row.get(column);
        return value == null ? null : ((java.sql.Timestamp) value).toInstant().atOffset(java.time.ZoneOffset.UTC);
    }
}
