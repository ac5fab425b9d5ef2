package app.platform.relay.outbox.adapter.out.persistence;

import app.platform.relay.outbox.application.OutboxTables;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Looks the outbox tables up in the relay's own database, which holds them. */
@Repository
class JdbcOutboxTables implements OutboxTables {

    private final JdbcClient jdbc;

    JdbcOutboxTables(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public boolean allExist(List<String> tables) {
        return tables.stream().allMatch(table ->
                jdbc.sql("SELECT to_regclass(?) IS NOT NULL").param(table).query(Boolean.class).single());
    }
}
