package app.platform.relay.cutover.adapter.out.persistence;

import app.platform.relay.cutover.application.OutboxPosition;
import app.platform.relay.cutover.domain.Lsn;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The platform database (the relay's, where the services' outboxes and the outbox relay's slot are). */
@Repository
class JdbcOutboxPosition implements OutboxPosition {

    private final JdbcClient jdbc;

    JdbcOutboxPosition(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Lsn now() {
        return Lsn.parse(jdbc.sql("SELECT CAST(pg_current_wal_lsn() AS text)").query(String.class).single());
    }

    @Override
    public Lsn relayed(String slot) {
        return jdbc.sql("SELECT CAST(confirmed_flush_lsn AS text) FROM pg_replication_slots WHERE slot_name = ?")
                .param(slot).query(String.class).optional().map(Lsn::parse).orElse(null);
    }
}
