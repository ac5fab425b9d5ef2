package app.platform.identity.legacy.adapter.out.persistence;

import app.platform.identity.legacy.application.LegacyTokenExchanges;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class JdbcLegacyTokenExchanges implements LegacyTokenExchanges {

    private final JdbcClient jdbc;

    JdbcLegacyTokenExchanges(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public boolean firstExchange(String sessionHash, UUID userId) {
        return jdbc.sql("INSERT INTO legacy_token_exchange (token_hash, user_id) VALUES (:hash, :user) ON CONFLICT DO NOTHING")
                .param("hash", sessionHash).param("user", userId).update() == 1;
    }
}
