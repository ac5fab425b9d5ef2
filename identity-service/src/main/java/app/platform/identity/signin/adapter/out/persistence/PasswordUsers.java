package app.platform.identity.signin.adapter.out.persistence;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsPasswordService;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.bcrypt.BCrypt;
import org.springframework.stereotype.Component;

/**
 * Password sign-in looks the user up by e-mail (a passkey, by id); the principal's name is the user's UUID, so it becomes the
 * token's {@code sub}. Deleted users are not found. A user who signs in with no password (Google, passkeys only) or is
 * banned is checked against {@link #NO_PASSWORD}, which no password matches: the form's answer and its time are a wrong
 * password's, so neither tells which addresses have such an account. A banned user who signs in with a passkey is
 * locked. After a successful sign-in with a hash
 * below the current policy (an imported Supabase hash, a lower cost), Spring Security hands the password, freshly
 * hashed, to {@link #updatePassword}.
 */
@Component
class PasswordUsers implements UserDetailsService, UserDetailsPasswordService {

    /** A bcrypt hash, at the cost of new ones, of a secret made at start and kept nowhere. */
    private static final String NO_PASSWORD = "{bcrypt}" + BCrypt.hashpw(UUID.randomUUID() + "" + UUID.randomUUID(),
            BCrypt.gensalt(10));

    private final JdbcClient jdbc;

    PasswordUsers(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** By e-mail (the sign-in form), or by UUID (a passkey names its user by id; the user may have no password). */
    @Override
    public UserDetails loadUserByUsername(String emailOrId) {
        String key = emailOrId == null ? "" : emailOrId.trim();
        UUID id = uuid(key);
        UserDetails user = jdbc.sql("""
                        SELECT u.id, a.password_hash, u.banned_until FROM users u
                        LEFT JOIN account a ON a.user_id = u.id AND a.provider = 'password'
                        WHERE (CASE WHEN CAST(:id AS uuid) IS NULL THEN lower(u.email) = lower(:email) AND NOT u.is_sso_user
                                    ELSE u.id = :id END)
                          AND u.deleted_at IS NULL""")
                .param("email", key).param("id", id)
                .query((rs, n) -> {
                    Timestamp bannedUntil = rs.getTimestamp(3);
                    boolean banned = bannedUntil != null && bannedUntil.toInstant().isAfter(Instant.now());
                    String hash = rs.getString(2);
                    return User.withUsername(rs.getString(1))
                            .password(hash == null || banned ? NO_PASSWORD : hash)
                            // the form's provider would check a lock before the password, answering a banned user
                            // without a hash: only a passkey's sign-in is locked
                            .accountLocked(banned && id != null)
                            .authorities("ROLE_USER")
                            .build();
                })
                .optional()
                .orElseThrow(() -> new UsernameNotFoundException("bad credentials"));
        if (!user.isAccountNonLocked()) {
            // a passkey: Spring's WebAuthn provider checks no account status, so a banned user stops here
            throw new LockedException("locked");
        }
        return user;
    }

    private static UUID uuid(String s) {
        try {
            return s.length() == 36 ? UUID.fromString(s) : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    @Override
    public UserDetails updatePassword(UserDetails user, String newPassword) {
        jdbc.sql("""
                        UPDATE account SET password_hash = :hash, updated_at = now()
                        WHERE user_id = :id::uuid AND provider = 'password'""")
                .param("hash", newPassword).param("id", user.getUsername()).update();
        return User.withUserDetails(user).password(newPassword).build();
    }
}
