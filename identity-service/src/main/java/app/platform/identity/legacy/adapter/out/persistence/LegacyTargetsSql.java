package app.platform.identity.legacy.adapter.out.persistence;

import app.platform.identity.legacy.application.LegacyFactorImport;
import app.platform.identity.legacy.application.LegacyImport;
import app.platform.identity.legacy.domain.LegacyUser;
import app.platform.legacy.LegacyChange;
import app.platform.legacy.LegacyTarget;
import java.util.HashMap;
import java.util.Map;
import tools.jackson.databind.node.ObjectNode;

/**
 * What identity's own tables hold of {@code auth.users}, {@code auth.identities}, {@code auth.sessions},
 * {@code auth.refresh_tokens} and {@code auth.mfa_factors}, said in GoTrue's terms
 * ({@link LegacyTarget}), for the cutover's verification and the failback's: each legacy column identity keeps turned
 * back into its legacy value, under the legacy id the failback writes it at (the users and accounts made here too),
 * each one it does not keep named with why, and what it should hold of a row read by the import's own rules
 * ({@link LegacyImport#legacyUser}, {@link LegacyImport#linked}, {@link LegacyUser#verifiable}).
 */
public final class LegacyTargetsSql {

    static final String USERS = "auth.users";
    static final String IDENTITIES = "auth.identities";
    static final String SESSIONS = "auth.sessions";
    static final String REFRESH_TOKENS = "auth.refresh_tokens";
    static final String FACTORS = "auth.mfa_factors";

    /**
     * The id of the TOTP factor the failback writes for a TOTP set up here (none imported): {@code
     * UUID.nameUUIDFromBytes("platform-totp:" + user)} (MD5, version 3), of {@code t.user_id}, in SQL.
     */
    public static final String PLATFORM_TOTP_ID = """
            CAST(overlay(overlay(md5('platform-totp:' || t.user_id) PLACING '3' FROM 13 FOR 1)
                 PLACING substr('89ab', (('x' || substr(md5('platform-totp:' || t.user_id), 17, 1))::bit(4)::int & 3) + 1, 1)
                 FROM 17 FOR 1) AS uuid)""";

    /**
     * A user's password credential ({@code a}) and the ledger's row of the user ({@code lr}), joined to {@code users u}.
     */
    public static final String PASSWORD_AND_LEDGER = """
            LEFT JOIN account a ON a.user_id = u.id AND a.provider = 'password'
            LEFT JOIN legacy_row lr ON lr.source_table = 'auth.users' AND lr.legacy_id = CAST(u.id AS text)""";

    /**
     * Over {@link #PASSWORD_AND_LEDGER}: whether the user was deleted here (not already soft-deleted in Supabase's row,
     * which GoTrue obfuscated itself).
     */
    public static final String DELETED_HERE =
            "(u.deleted_at IS NOT NULL AND (lr.legacy_id IS NULL OR lr.row ->> 'deleted_at' IS NULL))";

    /**
     * The user's {@code email}, {@code phone} and metadata as GoTrue keeps them, over {@link #PASSWORD_AND_LEDGER}:
     * those of a user {@link #DELETED_HERE} as GoTrue's own soft delete leaves them ({@code SoftDeleteUser}: the
     * address and phone {@link #obfuscated}, a phone's first 15 characters; the metadata {@code {}}), so that GoTrue's
     * unique address index lets the same person sign up again, there or here and carried back, and no personal data
     * stays; anyone else's as identity holds them.
     */
    public static final String EMAIL = ifDeletedHere(obfuscated("u.id", "u.email"), "u.email");
    public static final String PHONE = ifDeletedHere("left(" + obfuscated("u.id", "u.phone") + ", 15)", "u.phone");
    public static final String APP_METADATA = ifDeletedHere("'{}'", "CAST(u.app_metadata AS text)");
    public static final String USER_METADATA = ifDeletedHere("'{}'", "CAST(u.user_metadata AS text)");

    /**
     * GoTrue's {@code obfuscateValue} in SQL: base64url, unpadded, of SHA-256 of the user id's text and the value (a
     * null value stays null).
     */
    public static String obfuscated(String userId, String value) {
        return "rtrim(translate(encode(sha256(convert_to(CAST(%s AS text) || %s, 'UTF8')), 'base64'), '+/', '-_'), '=')"
                .formatted(userId, value);
    }

    private static String ifDeletedHere(String deleted, String otherwise) {
        return "CASE WHEN " + DELETED_HERE + " THEN " + deleted + " ELSE " + otherwise + " END";
    }

    /**
     * The user's {@code encrypted_password} in GoTrue's form, over {@link #PASSWORD_AND_LEDGER}: a hash a person set
     * here (a user made here, or a password set after the row's last captured change: {@code password_set_at}) without
     * identity's {@code {bcrypt}} prefix, none for another form; else the stored hash while it is still the imported
     * one (Supabase's form: {@code $2…}, {@code $argon2…}); a rehash at a sign-in ({@code {bcrypt}…}, newer than the
     * row's last captured change) stands for the imported hash it replaced, the ledger's (the same password); an older
     * one is shown as it is (the import should have replaced or removed it).
     */
    public static final String ENCRYPTED_PASSWORD = """
            CASE WHEN a.password_hash IS NULL THEN NULL
                 WHEN lr.legacy_id IS NULL OR a.password_set_at > lr.source_at THEN
                     CASE WHEN a.password_hash LIKE '{bcrypt}$%' THEN substr(a.password_hash, 9)
                          WHEN a.password_hash LIKE '$%' THEN a.password_hash END
                 WHEN a.password_hash LIKE '$%' THEN a.password_hash
                 WHEN a.updated_at > lr.source_at THEN lr.row ->> 'encrypted_password'
                 ELSE a.password_hash END""";

    /**
     * Every user identity holds, with its password credential and the ledger's row of it, under its id (which the
     * failback writes it at):
     * <ul>
     * <li>{@code encrypted_password}: {@link #ENCRYPTED_PASSWORD}, the one rule of the checks and the failback's
     * writer;</li>
     * <li>a user identity keeps as deleted because Supabase's row was deleted (its {@code deleted_at} is the time of
     * the import, which the legacy row does not carry) is held as nothing; one still live here is a delete missed. A
     * user closed here is held, soft-deleted, as the failback writes it ({@link #DELETED_HERE}; the address lower-cased,
     * as the import reads every address).</li>
     * </ul>
     * A user the legacy database refused (its address another legacy user's) is held all the same: the failback's
     * check names it as extra.
     */
    static final String USERS_QUERY = """
            SELECT CAST(u.id AS text) AS legacy_id, u.id AS id, lower(%s) AS email, %s AS phone,
                   u.is_sso_user AS is_sso_user, u.email_verified_at AS email_confirmed_at,
                   u.banned_until AS banned_until, u.deleted_at AS deleted_at, u.is_anonymous AS is_anonymous,
                   %s AS raw_app_meta_data, %s AS raw_user_meta_data,
                   u.created_at AS created_at,
                   %s AS encrypted_password
            FROM users u
            %s
            WHERE u.deleted_at IS NULL OR lr.deleted IS NOT TRUE""".formatted(EMAIL, PHONE, APP_METADATA,
            USER_METADATA, ENCRYPTED_PASSWORD, PASSWORD_AND_LEDGER);

    /**
     * The ledger's rows ({@code legacy_row lr}) of the legacy identity with a linked account's ({@code account a})
     * key, GoTrue's unique {@code (provider, provider_id)}: the first of them ({@link #LEGACY_IDENTITY_ORDER}) is the
     * account's legacy id; with none, the account's own id is, which the failback writes an identity made here at.
     */
    public static final String LEGACY_IDENTITY = "lr.source_table = 'auth.identities' AND lr.row ->> 'provider' = a.provider "
            + "AND lr.row ->> 'provider_id' = a.provider_subject";
    /**
     * The live identity first, should one have been deleted and made again (unlinked and linked again in Supabase),
     * then the newest.
     */
    public static final String LEGACY_IDENTITY_ORDER = "lr.deleted, lr.source_at DESC";

    /**
     * Every linked account (not the password credentials) under the legacy id of its identity
     * ({@link #LEGACY_IDENTITY}): a deleted one's only when no other has the key (a missed unlink); one linked here,
     * which the failback writes (with the user's next event), under its own id.
     */
    static final String IDENTITIES_QUERY = """
            SELECT DISTINCT ON (a.id) coalesce(lr.legacy_id, CAST(a.id AS text)) AS legacy_id, a.provider AS provider,
                   a.provider_subject AS provider_id, a.user_id AS user_id
            FROM account a
            LEFT JOIN legacy_row lr ON %s
            WHERE a.provider <> 'password'
            ORDER BY a.id, %s""".formatted(LEGACY_IDENTITY, LEGACY_IDENTITY_ORDER);

    static final String SESSIONS_QUERY = """
            SELECT CAST(s.id AS text) AS legacy_id, s.id AS id, s.user_id AS user_id, s.factor_id AS factor_id,
                   s.aal AS aal, s.not_after AS not_after, s.refreshed_at AT TIME ZONE 'UTC' AS refreshed_at,
                   s.user_agent AS user_agent, s.ip AS ip, s.tag AS tag, s.created_at AS created_at,
                   s.updated_at AS updated_at, s.refresh_token_counter AS refresh_token_counter,
                   s.oauth_client_id AS oauth_client_id
            FROM legacy_session s""";

    static final String REFRESH_TOKENS_QUERY = """
            SELECT CAST(t.id AS text) AS legacy_id, t.id AS id, t.token_hash AS token, t.user_id AS user_id,
                   t.session_id AS session_id, t.revoked AS revoked, t.parent_hash AS parent,
                   t.created_at AS created_at, t.updated_at AS updated_at
            FROM legacy_refresh_token t""";

    /**
     * The factors imported: a carried one {@code verified} while it is the user's TOTP or passkey here (none once the
     * user turned it off or removed it here, as the failback deletes it), one not carried so, an unfinished one with
     * its status; and each TOTP set up here, under the id the failback writes it at.
     */
    static final String FACTORS_QUERY = """
            SELECT * FROM (
                SELECT CAST(f.id AS text) AS legacy_id, f.id AS id, f.user_id AS user_id, f.friendly_name AS friendly_name,
                       f.factor_type AS factor_type,
                       CASE WHEN f.status <> 'verified' THEN f.status
                            WHEN NOT f.applied THEN 'not carried'
                            WHEN (f.factor_type <> 'totp' OR EXISTS (SELECT 1 FROM two_factor t
                                     WHERE t.user_id = f.user_id AND t.confirmed_at IS NOT NULL))
                                 AND (f.credential_id IS NULL OR EXISTS (SELECT 1 FROM user_credentials c
                                     WHERE c.credential_id = f.credential_id)) THEN 'verified'
                       END AS status,
                       f.created_at AS created_at, f.credential AS web_authn_credential, f.aaguid AS web_authn_aaguid
                FROM legacy_factor f) imported
            WHERE status IS NOT NULL
            UNION ALL
            SELECT CAST(%1$s AS text), %1$s, t.user_id, 'Authenticator app (platform)', 'totp', 'verified',
                   t.confirmed_at, NULL, NULL
            FROM two_factor t
            WHERE t.confirmed_at IS NOT NULL AND NOT EXISTS (SELECT 1 FROM legacy_factor f
                WHERE f.user_id = t.user_id AND f.factor_type = 'totp' AND f.applied)""".formatted(PLATFORM_TOTP_ID);

    static final Map<String, String> SESSIONS_DROPPED = Map.of(
            "refresh_token_hmac_key", "a second-form session's token key: kept sealed under identity's key (opened "
                    + "first when Supabase encrypted it), never shown",
            "scopes", "the scopes of a session of GoTrue's own OAuth server: such a session is kept (oauth_client_id), "
                    + "never exchanged");

    static final Map<String, String> REFRESH_TOKENS_DROPPED = Map.of(
            "instance_id", "GoTrue's instance (the nil uuid in a Supabase project): identity serves one");

    static final Map<String, String> FACTORS_DROPPED = Map.of(
            "secret", "a TOTP secret: sealed under identity's key (opened first when Supabase encrypted it), never "
                    + "shown; the second step proves it",
            "updated_at", "the factor's modification time: the failback writes its own",
            "phone", "phone factors: identity has none (such a factor is not carried, its user asked to enrol again)",
            "last_challenged_at", "GoTrue's last challenge: identity records its own sign-ins",
            "last_webauthn_challenge_data", "GoTrue's last WebAuthn challenge: a ceremony's state, not the factor");

    private static final String TOKEN = "GoTrue's one-time token: the capture leaves it out (a secret no importer needs); "
            + "identity issues its own";
    private static final String SENT_AT = "when GoTrue last sent that mail or message: identity's own verification and "
            + "reset tokens carry their own times";
    private static final String PENDING_CHANGE = "a change GoTrue holds until it is confirmed: not carried over (its "
            + "token is not captured); the user asks again";

    static final Map<String, String> USERS_DROPPED = Map.ofEntries(
            Map.entry("instance_id", "GoTrue's instance (the nil uuid in a Supabase project): identity serves one"),
            Map.entry("aud", "the audience GoTrue writes into its tokens: identity's tokens carry their own"),
            Map.entry("role", "the database role GoTrue writes into its tokens ('authenticated'): identity's tokens "
                    + "say role=authenticated for every user"),
            Map.entry("is_super_admin", "GoTrue's unused flag: identity's operators have app_metadata.role = admin"),
            Map.entry("invited_at", "when GoTrue invited the user: an invitation not taken up shows in email_confirmed_at"),
            Map.entry("last_sign_in_at", "GoTrue's last sign-in: identity records its own (sessions, UserSignedIn)"),
            Map.entry("phone_confirmed_at", "identity keeps the phone but does not verify phones"),
            Map.entry("updated_at", "identity keeps its own modification time"),
            Map.entry("confirmation_sent_at", SENT_AT),
            Map.entry("recovery_sent_at", SENT_AT),
            Map.entry("email_change_sent_at", SENT_AT),
            Map.entry("phone_change_sent_at", SENT_AT),
            Map.entry("reauthentication_sent_at", SENT_AT),
            Map.entry("email_change", PENDING_CHANGE),
            Map.entry("phone_change", PENDING_CHANGE),
            Map.entry("email_change_confirm_status", PENDING_CHANGE),
            Map.entry("confirmed_at", "generated by GoTrue (the first of email_confirmed_at and phone_confirmed_at): "
                    + "the capture leaves it out"),
            Map.entry("confirmation_token", TOKEN),
            Map.entry("recovery_token", TOKEN),
            Map.entry("email_change_token_new", TOKEN),
            Map.entry("email_change_token_current", TOKEN),
            Map.entry("reauthentication_token", TOKEN),
            Map.entry("phone_change_token", TOKEN));

    static final Map<String, String> IDENTITIES_DROPPED = Map.of(
            "id", "identity keys a linked account by GoTrue's unique (provider, provider_id), which finds the legacy "
                    + "id; the account has an id of its own",
            "identity_data", "the provider's profile as GoTrue last saw it: identity keeps the link only (the user's "
                    + "metadata comes with auth.users)",
            "last_sign_in_at", "GoTrue's last sign-in with the provider: identity records its own",
            "created_at", "the link has its own creation time",
            "updated_at", "the link has its own modification time",
            "email", "generated by GoTrue (lower(identity_data ->> 'email')): the capture leaves it out");

    private LegacyTargetsSql() {
    }

    /** {@code auth.users}: the users and their password credentials. */
    static LegacyTarget users() {
        return LegacyTarget.of(USERS, USERS_QUERY, USERS_DROPPED).expecting(LegacyTargetsSql::user);
    }

    /** {@code auth.identities}: the linked accounts; {@code email} and {@code phone} identities are none. */
    static LegacyTarget identities() {
        return LegacyTarget.of(IDENTITIES, IDENTITIES_QUERY, IDENTITIES_DROPPED)
                .expecting((target, row, deleted) -> deleted || !LegacyImport.linked(row) ? null : target.mapped(row));
    }

    /** {@code auth.sessions}: the sessions a legacy token may be exchanged for, as imported. */
    static LegacyTarget sessions() {
        return LegacyTarget.of(SESSIONS, SESSIONS_QUERY, SESSIONS_DROPPED).expecting((target, row, deleted) -> {
            if (deleted) {
                return null;
            }
            Map<String, Object> expected = new HashMap<>(target.mapped(row));
            expected.put("refreshed_at", LegacyChange.time(row, "refreshed_at")); // a timestamp without time zone
            return expected;
        });
    }

    /** {@code auth.refresh_tokens}: each token as the hash it crossed as ({@code HashedColumns}). */
    static LegacyTarget refreshTokens() {
        return LegacyTarget.of(REFRESH_TOKENS, REFRESH_TOKENS_QUERY, REFRESH_TOKENS_DROPPED);
    }

    /**
     * {@code auth.mfa_factors}: a verified factor is {@code verified} here when the import's rule carries it
     * ({@link LegacyFactorImport#carriable}), else {@code not carried}; an unfinished one keeps its status.
     */
    static LegacyTarget factors(LegacyFactorImport factors) {
        return LegacyTarget.of(FACTORS, FACTORS_QUERY, FACTORS_DROPPED).expecting((target, row, deleted) -> {
            if (deleted) {
                return null;
            }
            Map<String, Object> expected = new HashMap<>(target.mapped(row));
            String rule = factors.carriable(LegacyChange.text(row, "factor_type"), LegacyChange.text(row, "status"),
                    factors.secretOpens(row));
            expected.put("status", LegacyFactorImport.CARRIED.equals(rule) ? "verified"
                    : "unverified".equals(rule) ? LegacyChange.text(row, "status") : "not carried");
            return expected;
        });
    }

    /**
     * A user as the import keeps it ({@link LegacyImport#legacyUser}): the address lower-cased, a flag the row lacks
     * false, metadata the row has as null stored as {@code {}} ({@link JdbcLegacyUserStore#upsert}), the password
     * only when identity can verify it ({@link LegacyUser#verifiable}: an empty, encrypted or unsupported hash leaves
     * the user without one); nothing once Supabase's row is deleted.
     */
    private static Map<String, Object> user(LegacyTarget target, ObjectNode row, boolean deleted) {
        if (deleted) {
            return null;
        }
        LegacyUser user = LegacyImport.legacyUser(row);
        Map<String, Object> expected = new HashMap<>(target.mapped(row));
        expected.put("id", user.id());
        expected.put("email", user.email());
        expected.put("phone", user.phone());
        expected.put("is_sso_user", user.ssoUser());
        expected.put("email_confirmed_at", user.emailConfirmedAt());
        expected.put("banned_until", user.bannedUntil());
        expected.put("deleted_at", user.deletedAt());
        expected.put("is_anonymous", user.anonymous());
        expected.put("raw_app_meta_data", user.appMetadata() == null ? "{}" : user.appMetadata());
        expected.put("raw_user_meta_data", user.userMetadata() == null ? "{}" : user.userMetadata());
        expected.put("created_at", user.createdAt());
        expected.put("encrypted_password", user.verifiable() ? user.passwordHash() : null);
        return expected;
    }
}
