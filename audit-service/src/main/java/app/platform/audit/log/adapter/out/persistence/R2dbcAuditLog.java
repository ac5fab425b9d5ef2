package app.platform.audit.log.adapter.out.persistence;

import app.platform.audit.log.application.AppendToAuditLog;
import app.platform.audit.log.domain.AuditEntry;
import java.nio.ByteBuffer;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
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
    public Mono<byte[]> lockUserChainAndReadHead(UUID userId) {
        return db.sql("SELECT pg_advisory_xact_lock(hashtext('audit.user.' || :user))").bind("user", userId.toString()).then()
                .then(db.sql("SELECT hash FROM user_audit_logs WHERE user_id = :user ORDER BY id DESC LIMIT 1")
                        .bind("user", userId).map(row -> bytes(row.get("hash", ByteBuffer.class))).one());
    }

    /** One multi-row INSERT (a batch is at most {@code max.poll.records} rows: far below the bind limit). */
    @Override
    public Mono<Void> insertAll(UUID userId, List<AppendToAuditLog.Chained> links) {
        if (links.isEmpty()) {
            return Mono.empty();
        }
        String table = userId == null ? "system_audit_logs" : "user_audit_logs";
        StringBuilder sql = new StringBuilder("INSERT INTO " + table + " (" + (userId == null ? "" : "user_id, ")
                + "event_id, event_type, aggregate_type, aggregate_id, actor, correlation_id, occurred_at, data, "
                + "ip_address, user_agent, prev_hash, hash) VALUES ");
        for (int row = 0; row < links.size(); row++) {
            int i = row;
            sql.append(i == 0 ? "" : ", ").append("(").append(userId == null ? "" : ":user, ")
                    .append(String.join(", ", List.of("eventId", "type", "aggType", "aggId", "actor", "corr", "occurredAt",
                            "data", "ip", "ua", "prev", "hash").stream().map(p -> ":" + p + i).toList()))
                    .append(")");
        }
        var spec = db.sql(sql.toString());
        if (userId != null) {
            spec = spec.bind("user", userId);
        }
        for (int i = 0; i < links.size(); i++) {
            AuditEntry e = links.get(i).entry();
            spec = spec.bind("eventId" + i, e.eventId()).bind("type" + i, e.eventType())
                    .bind("aggType" + i, e.aggregateType()).bind("aggId" + i, e.aggregateId())
                    .bind("occurredAt" + i, OffsetDateTime.ofInstant(e.occurredAt(), ZoneOffset.UTC))
                    .bind("data" + i, e.data()).bind("hash" + i, ByteBuffer.wrap(links.get(i).hash()));
            spec = nullable(spec, "actor" + i, e.actor(), String.class);
            spec = nullable(spec, "corr" + i, e.correlationId(), String.class);
            spec = nullable(spec, "ip" + i, e.ipAddress(), String.class);
            spec = nullable(spec, "ua" + i, e.userAgent(), String.class);
            byte[] prev = links.get(i).prevHash();
            spec = nullable(spec, "prev" + i, prev == null ? null : ByteBuffer.wrap(prev), ByteBuffer.class);
        }
        return spec.then();
    }

    private static <T> DatabaseClient.GenericExecuteSpec nullable(DatabaseClient.GenericExecuteSpec spec, String name,
                                                                 T value, Class<T> type) {
        return value == null ? spec.bindNull(name, type) : spec.bind(name, value);
    }

    private static byte[] bytes(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }
}
