package app.platform.identity.legacy.adapter.out.legacydb;

import app.platform.events.EventEnvelope;
import app.platform.failback.LegacyWriter;
import app.platform.identity.legacy.application.GoTrueRows;
import app.platform.identity.legacy.domain.LegacyUser;
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
 * password hash in GoTrue's form ({@link LegacyUser#legacyHash}); an {@code email} identity for a user with an
 * address, as GoTrue makes one at sign-up, and one identity per linked provider account, those unlinked here removed.
 */
@Component
@ConditionalOnProperty(name = "platform.failback.enabled", havingValue = "true")
class JdbcGoTrueRows implements GoTrueRows {

    private static final String SERVICE = "identity-service";
    private static final String USER = """
            SELECT u.email, u.phone, u.email_verified_at, u.banned_until, u.deleted_at, u.is_anonymous, u.is_sso_user,
                   CAST(u.app_metadata AS text) AS app_metadata, CAST(u.user_metadata AS text) AS user_metadata,
                   u.created_at,
                   (SELECT a.password_hash FROM account a WHERE a.user_id = u.id AND a.provider = 'password') AS hash
            FROM users u WHERE u.id = :id""";
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
            INSERT INTO auth.identities (provider_id, user_id, identity_data, provider, created_at, updated_at)
            VALUES (:subject, :id, jsonb_build_object('sub', :subject, 'email', :email, 'email_verified', :verified),
                    :provider, now(), now())
            ON CONFLICT (provider_id, provider) DO UPDATE SET identity_data = auth.identities.identity_data
                || jsonb_build_object('email', :email, 'email_verified', :verified), updated_at = now()""";

    private final JdbcClient identity;
    private final LegacyWriter writer;

    JdbcGoTrueRows(JdbcClient identity, LegacyWriter writer) {
        this.identity = identity;
        this.writer = writer;
    }

    @Override
    public void writeUser(EventEnvelope event, UUID userId) {
        if (identity.sql("SELECT 1 FROM users WHERE id = :id").param("id", userId).query().listOfRows().isEmpty()) {
            writer.notCarried(event, SERVICE, "no such user in identity"); // users are only ever marked deleted
            return;
        }
        writer.carry(event, SERVICE, userId.toString(), legacy -> {
            Map<String, Object> user = identity.sql(USER).param("id", userId).query().singleRow();
            List<Map<String, Object>> linked = identity.sql("SELECT provider, provider_subject FROM account "
                    + "WHERE user_id = :id AND provider <> 'password'").param("id", userId).query().listOfRows();
            String email = (String) user.get("email");
            boolean verified = user.get("email_verified_at") != null;
            legacy.sql(UPSERT_USER).param("id", userId).param("email", email)
                    .param("hash", LegacyUser.legacyHash((String) user.get("hash")))
                    .param("confirmed", time(user, "email_verified_at")).param("app", user.get("app_metadata"))
                    .param("meta", user.get("user_metadata")).param("created", time(user, "created_at"))
                    .param("phone", user.get("phone")).param("banned", time(user, "banned_until"))
                    .param("deleted", time(user, "deleted_at")).param("anonymous", user.get("is_anonymous"))
                    .param("sso", user.get("is_sso_user")).update();
            if (email != null && user.get("deleted_at") == null) {
                identity(legacy, userId, "email", userId.toString(), email, verified);
            }
            for (Map<String, Object> account : linked) {
                identity(legacy, userId, (String) account.get("provider"), (String) account.get("provider_subject"),
                        email, verified);
            }
            // a provider account unlinked here (or every one, the user deleted) goes
            legacy.sql("DELETE FROM auth.identities WHERE user_id = :id AND provider NOT IN ('email', 'phone') "
                            + "AND NOT (provider || ':' || provider_id = ANY (CAST(:kept AS text[])))")
                    .param("id", userId)
                    .param("kept", linked.stream().map(a -> a.get("provider") + ":" + a.get("provider_subject"))
                            .toArray(String[]::new))
                    .update();
        });
    }

    @Override
    public void notCarried(EventEnvelope event, String why) {
        writer.notCarried(event, SERVICE, why);
    }

    private static void identity(JdbcClient legacy, UUID userId, String provider, String subject, String email,
                                 boolean verified) {
        legacy.sql(UPSERT_IDENTITY).param("id", userId).param("provider", provider).param("subject", subject)
                .param("email", email).param("verified", verified).update();
    }

    private static OffsetDateTime time(Map<String, Object> row, String column) {
        Object value = row.get(column);
        return value == null ? null : ((java.sql.Timestamp) value).toInstant().atOffset(java.time.ZoneOffset.UTC);
    }
}
