package app.platform.identity.legacy.adapter.out.persistence;

import app.platform.identity.legacy.application.LegacyImport;
import app.platform.identity.legacy.domain.LegacyUser;
import app.platform.legacy.LegacyTarget;
import java.util.HashMap;
import java.util.Map;
import tools.jackson.databind.node.ObjectNode;

/**
 * What identity's own tables hold of {@code auth.users} and {@code auth.identities}, said in GoTrue's terms
 * ({@link LegacyTarget}), for the cutover's verification and the failback's: each legacy column identity keeps turned
 * back into its legacy value, under the legacy id the failback writes it at (the users and accounts made here too),
 * each one it does not keep named with why, and what it should hold of a row read by the import's own rules
 * ({@link LegacyImport#legacyUser}, {@link LegacyImport#linked}, {@link LegacyUser#verifiable}).
 */
public final class LegacyTargetsSql {

    static final String USERS = "auth.users";
    static final String IDENTITIES = "auth.identities";

    /**
     * A user's password credential ({@code a}) and the ledger's row of the user ({@code lr}), joined to {@code users u}.
     */
    public static final String PASSWORD_AND_LEDGER = """
            LEFT JOIN account a ON a.user_id = u.id AND a.provider = 'password'
            LEFT JOIN legacy_row lr ON lr.source_table = 'auth.users' AND lr.legacy_id = CAST(u.id AS text)""";

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
     * user closed here is held, soft-deleted, as the failback writes it.</li>
     * </ul>
     * A user the legacy database refused (its address another legacy user's) is held all the same: the failback's
     * check names it as extra.
     */
    static final String USERS_QUERY = """
            SELECT CAST(u.id AS text) AS legacy_id, u.id AS id, u.email AS email, u.phone AS phone,
                   u.is_sso_user AS is_sso_user, u.email_verified_at AS email_confirmed_at,
                   u.banned_until AS banned_until, u.deleted_at AS deleted_at, u.is_anonymous AS is_anonymous,
                   CAST(u.app_metadata AS text) AS raw_app_meta_data, CAST(u.user_metadata AS text) AS raw_user_meta_data,
                   u.created_at AS created_at,
                   %s AS encrypted_password
            FROM users u
            %s
            WHERE u.deleted_at IS NULL OR lr.deleted IS NOT TRUE""".formatted(ENCRYPTED_PASSWORD, PASSWORD_AND_LEDGER);

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
