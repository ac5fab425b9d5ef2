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
                        SELECT u.email, u.is_anonymous, u.app_metadata::text, u.user_metadata::text,
                               u.deleted_at IS NULL AND (u.banned_until IS NULL OR u.banned_until <= now()),
                               m.organization_id, m.role
                        FROM users u LEFT JOIN organization_member m
                          ON m.organization_id = u.active_organization_id AND m.user_id = u.id
                        WHERE u.id = :id""")
                .param("id", userId)
                .query((rs, n) -> new Profile(rs.getString(1), rs.getBoolean(2), rs.getString(3), rs.getString(4),
                        rs.getBoolean(5), rs.getObject(6) == null ? null
                        : new ActiveOrganization(rs.getObject(6, UUID.class), rs.getString(7))))
                .optional();
    }
}
