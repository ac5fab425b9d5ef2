package app.platform.identity.session.adapter.out.persistence;

import app.platform.identity.session.application.Sessions;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class JdbcSessions implements Sessions {

    private final JdbcClient jdbc;

    JdbcSessions(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public int revokeAll(UUID userId) {
        return jdbc.sql("DELETE FROM oauth2_authorization WHERE principal_name = :id")
                .param("id", userId.toString()).update();
    }
}
