package app.platform.identity.signin;

import java.sql.Timestamp;
import java.time.Instant;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Component;

/**
 * Password sign-in looks the user up by e-mail; the principal's name is the user's UUID, so it becomes the
 * token's {@code sub}. Banned users are locked; deleted users are not found.
 */
@Component
class PasswordUsers implements UserDetailsService {

    private final JdbcClient jdbc;

    PasswordUsers(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public UserDetails loadUserByUsername(String email) {
        return jdbc.sql("""
                        SELECT u.id, a.password_hash, u.banned_until FROM users u
                        JOIN account a ON a.user_id = u.id AND a.provider = 'password'
                        WHERE lower(u.email) = lower(:email) AND u.deleted_at IS NULL""")
                .param("email", email == null ? "" : email.trim())
                .query((rs, n) -> {
                    Timestamp banned = rs.getTimestamp(3);
                    return User.withUsername(rs.getString(1))
                            .password(rs.getString(2))
                            .accountLocked(banned != null && banned.toInstant().isAfter(Instant.now()))
                            .authorities("ROLE_USER")
                            .build();
                })
                .optional()
                .orElseThrow(() -> new UsernameNotFoundException("bad credentials"));
    }
}
