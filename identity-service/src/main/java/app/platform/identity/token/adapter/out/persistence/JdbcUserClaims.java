package app.platform.identity.token.adapter.out.persistence;

import app.platform.identity.token.application.UserClaims;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class JdbcUserClaims implements UserClaims {

    private final JdbcClient jdbc;

    JdbcUserClaims(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Optional<Profile> of(UUID userId) {
        return jdbc.sql("""
                        SELECT email, is_anonymous, app_metadata::text, user_metadata::text,
                               deleted_at IS NULL AND (banned_until IS NULL OR banned_until <= now())
                        FROM users WHERE id = :id""")
                .param("id", userId)
                .query((rs, n) -> new Profile(rs.getString(1), rs.getBoolean(2), rs.getString(3), rs.getString(4),
                        rs.getBoolean(5)))
                .optional();
    }

    @Override
    public Optional<ActiveOrganization> activeOrganization(UUID userId) {
        return jdbc.sql("""
                        SELECT m.organization_id, m.role FROM users u JOIN organization_member m
                          ON m.organization_id = u.active_organization_id AND m.user_id = u.id
                        WHERE u.id = :id""")
                .param("id", userId)
                .query((rs, n) -> new ActiveOrganization(rs.getObject(1, UUID.class), rs.getString(2)))
                .list().stream().findFirst();
    }
}
