package app.platform.audit.log.adapter.out.persistence;

import app.platform.audit.log.application.AppendToAuditLog;
import app.platform.audit.log.domain.AuditEntry;
import java.nio.ByteBuffer;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

@Repository
class R2dbcAuditLog implements AppendToAuditLog.AuditLog {

    private final DatabaseClient db;

    R2dbcAuditLog(DatabaseClient db) {
        this.db = db;
    }

    @Override
    public Mono<byte[]> lockSystemChainAndReadHead() {
        return db.sql("SELECT pg_advisory_xact_lock(hashtext('audit.system_chain'))").then()
                .then(db.sql("SELECT hash FROM system_audit_logs ORDER BY id DESC LIMIT 1")
                        .map(row -> bytes(row.get("hash", ByteBuffer.class))).one());
    }

    @Override
    public Mono<Void> insert(AuditEntry e, byte[] prevHash, byte[] hash) {
        return insert("system_audit_logs", null, e, prevHash, hash);
    }

    @Override
    public Mono<byte[]> lockUserChainAndReadHead(UUID userId) {
        return db.sql("SELECT pg_advisory_xact_lock(hashtext('audit.user.' || :user))").bind("user", userId.toString()).then()
                .then(db.sql("SELECT hash FROM user_audit_logs WHERE user_id = :user ORDER BY id DESC LIMIT 1")
                        .bind("user", userId).map(row -> bytes(row.get("hash", ByteBuffer.class))).one());
    }

    @Override
    public Mono<Void> insertForUser(UUID userId, AuditEntry e, byte[] prevHash, byte[] hash) {
        return insert("user_audit_logs", userId, e, prevHash, hash);
    }

    private Mono<Void> insert(String table, UUID userId, AuditEntry e, byte[] prevHash, byte[] hash) {
        var spec = db.sql("INSERT INTO " + table + " (" + (userId == null ? "" : "user_id, ")
                        + "event_id, event_type, aggregate_type, aggregate_id, actor, correlation_id, occurred_at, data, "
                        + "prev_hash, hash) VALUES (" + (userId == null ? "" : ":user, ")
                        + ":eventId, :type, :aggType, :aggId, :actor, :corr, :occurredAt, :data, :prev, :hash)")
                .bind("eventId", e.eventId())
                .bind("type", e.eventType())
                .bind("aggType", e.aggregateType())
                .bind("aggId", e.aggregateId())
                .bind("occurredAt", OffsetDateTime.ofInstant(e.occurredAt(), ZoneOffset.UTC))
                .bind("data", e.data())
                .bind("hash", ByteBuffer.wrap(hash));
        if (userId != null) {
            spec = spec.bind("user", userId);
        }
        spec = e.actor() == null ? spec.bindNull("actor", String.class) : spec.bind("actor", e.actor());
        spec = e.correlationId() == null ? spec.bindNull("corr", String.class) : spec.bind("corr", e.correlationId());
        spec = prevHash == null ? spec.bindNull("prev", ByteBuffer.class) : spec.bind("prev", ByteBuffer.wrap(prevHash));
        return spec.then();
    }

    private static byte[] bytes(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }
}
