package app.platform.audit.query.adapter.out.persistence;

import app.platform.runtime.Times;
import app.platform.audit.log.domain.AuditEntry;
import app.platform.audit.log.domain.ChainEnd;
import app.platform.audit.log.domain.HashChain;
import app.platform.audit.query.application.AuditQueries;
import io.r2dbc.spi.Readable;
import java.nio.ByteBuffer;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

@Repository
class R2dbcAuditQueries implements AuditQueries {

    private static final String COLUMNS = "id, event_id, event_type, aggregate_type, aggregate_id, actor, correlation_id, "
            + "occurred_at, recorded_at, data, ip_address, user_agent";
    private final DatabaseClient db;

    R2dbcAuditQueries(DatabaseClient db) {
        this.db = db;
    }

    @Override
    public Flux<Row> search(Filter f) {
        List<String> where = new ArrayList<>(List.of("id > :after"));
        String table = f.user() == null ? "system_audit_logs" : "user_audit_logs";
        if (f.user() != null) {
            where.add("user_id = :user");
        }
        if (f.aggregateType() != null) {
            where.add("aggregate_type = :aggregateType");
        }
        if (f.aggregateId() != null) {
            where.add("aggregate_id = :aggregateId");
        }
        if (f.eventType() != null) {
            where.add("event_type = :eventType");
        }
        if (f.from() != null) {
            where.add("occurred_at >= :from");
        }
        if (f.to() != null) {
            where.add("occurred_at < :to");
        }
        if (f.correlationId() != null) {
            where.add("correlation_id = :correlationId");
        }
        var sql = db.sql("SELECT " + COLUMNS + " FROM " + table + " WHERE " + String.join(" AND ", where)
                + " ORDER BY id LIMIT :limit").bind("after", f.afterId()).bind("limit", f.limit());
        if (f.user() != null) {
            sql = sql.bind("user", f.user());
        }
        if (f.aggregateType() != null) {
            sql = sql.bind("aggregateType", f.aggregateType());
        }
        if (f.aggregateId() != null) {
            sql = sql.bind("aggregateId", f.aggregateId());
        }
        if (f.eventType() != null) {
            sql = sql.bind("eventType", f.eventType());
        }
        if (f.from() != null) {
            sql = sql.bind("from", Times.utc(f.from()));
        }
        if (f.to() != null) {
            sql = sql.bind("to", Times.utc(f.to()));
        }
        if (f.correlationId() != null) {
            sql = sql.bind("correlationId", f.correlationId());
        }
        return sql.map(R2dbcAuditQueries::row).all();
    }

    @Override
    public Flux<Row> ofUser(UUID userId, long afterId, int limit) {
        return db.sql("SELECT " + COLUMNS + " FROM user_audit_logs WHERE user_id = :user AND id > :after"
                        + " AND event_type <> ALL(:hidden) ORDER BY id LIMIT :limit")
                .bind("user", userId).bind("after", afterId).bind("limit", limit)
                .bind("hidden", OPERATORS_ONLY.toArray(String[]::new))
                .map(R2dbcAuditQueries::row).all();
    }

    @Override
    public Flux<HashChain.Link> systemChain() {
        return db.sql("SELECT * FROM system_audit_logs ORDER BY id").map(R2dbcAuditQueries::link).all();
    }

    @Override
    public Flux<UserLink> userChains() {
        return db.sql("SELECT * FROM user_audit_logs ORDER BY user_id, id")
                .map(r -> new UserLink(r.get("user_id", UUID.class), link(r))).all();
    }

    @Override
    public Mono<SignedEnd> systemEnd() {
        return db.sql("SELECT id, hash, diverged_from, signature FROM audit_chain_end WHERE chain = 'system'")
                .map(r -> new SignedEnd(new ChainEnd(r.get("id", Long.class), bytes(r.get("hash", ByteBuffer.class)),
                        bytes(r.get("diverged_from", ByteBuffer.class))), bytes(r.get("signature", ByteBuffer.class))))
                .one();
    }

    @Override
    public Flux<SignedCheckpoint> latestCheckpoints() {
        return db.sql("SELECT DISTINCT ON (chain) * FROM audit_checkpoints ORDER BY chain, id DESC")
                .map(r -> new SignedCheckpoint(new app.platform.audit.retention.domain.Checkpoint(r.get("chain", String.class),
                        r.get("through_id", Long.class), bytes(r.get("through_hash", ByteBuffer.class)),
                        r.get("rows_pruned", Long.class), r.get("pruned_before", OffsetDateTime.class).toInstant()),
                        bytes(r.get("signature", ByteBuffer.class))))
                .all();
    }

    private static Row row(Readable r) {
        return new Row(r.get("id", Long.class), r.get("event_id", UUID.class), r.get("event_type", String.class),
                r.get("aggregate_type", String.class), r.get("aggregate_id", String.class), r.get("actor", String.class),
                r.get("correlation_id", String.class), r.get("occurred_at", OffsetDateTime.class).toInstant(),
                r.get("recorded_at", OffsetDateTime.class).toInstant(), r.get("data", String.class),
                r.get("ip_address", String.class), r.get("user_agent", String.class));
    }

    private static HashChain.Link link(Readable r) {
        return new HashChain.Link(r.get("id", Long.class),
                new AuditEntry(r.get("event_id", UUID.class), r.get("event_type", String.class),
                        r.get("aggregate_type", String.class), r.get("aggregate_id", String.class),
                        r.get("actor", String.class), r.get("correlation_id", String.class),
                        r.get("occurred_at", OffsetDateTime.class).toInstant(), r.get("data", String.class),
                        r.get("ip_address", String.class), r.get("user_agent", String.class)),
                bytes(r.get("prev_hash", ByteBuffer.class)), bytes(r.get("hash", ByteBuffer.class)));
    }

    private static byte[] bytes(ByteBuffer b) {
        if (b == null) {
            return null;
        }
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }
}
