package app.platform.audit.log.adapter.out.persistence;

import app.platform.audit.log.application.AuditLog;
import app.platform.runtime.Times;
import app.platform.audit.log.application.AppendToAuditLog;
import app.platform.audit.log.domain.AuditEntry;
import java.nio.ByteBuffer;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

@Repository
class R2dbcAuditLog implements AuditLog {

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
    public Mono<Map<UUID, byte[]>> lockUserChainsAndReadHeads(Set<UUID> users) {
        UUID[] ids = users.stream().sorted().toArray(UUID[]::new);
        return db.sql("SELECT count(pg_advisory_xact_lock(hashtext('audit.user.' || u::text))) FROM unnest(CAST(:users AS uuid[])) AS u")
                .bind("users", ids).fetch().rowsUpdated().then()
                .then(db.sql("""
                                SELECT DISTINCT ON (user_id) user_id, hash FROM user_audit_logs
                                WHERE user_id = ANY(CAST(:users AS uuid[])) ORDER BY user_id, id DESC""")
                        .bind("users", ids)
                        .map(row -> Map.entry(row.get("user_id", UUID.class), bytes(row.get("hash", ByteBuffer.class))))
                        .all().collectMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    @Override
    public Mono<Void> insertAll(List<AppendToAuditLog.Chained> links) {
        List<AppendToAuditLog.Chained> system = links.stream().filter(l -> l.userId() == null).toList();
        List<AppendToAuditLog.Chained> users = links.stream().filter(l -> l.userId() != null).toList();
        return insert("system_audit_logs", system).then(insert("user_audit_logs", users));
    }

    /**
     * One multi-row INSERT with positional markers ({@code $n}: with hundreds of rows, named parameters cost more to
     * expand than the insert itself). A batch is at most {@code max.poll.records} rows: far below the bind limit.
     */
    private Mono<Void> insert(String table, List<AppendToAuditLog.Chained> links) {
        if (links.isEmpty()) {
            return Mono.empty();
        }
        boolean users = table.equals("user_audit_logs");
        int columns = users ? 13 : 12;
        StringBuilder sql = new StringBuilder("INSERT INTO " + table + " (" + (users ? "user_id, " : "")
                + "event_id, event_type, aggregate_type, aggregate_id, actor, correlation_id, occurred_at, data, "
                + "ip_address, user_agent, prev_hash, hash) VALUES ");
        for (int row = 0; row < links.size(); row++) {
            sql.append(row == 0 ? "(" : ", (");
            for (int c = 1; c <= columns; c++) {
                sql.append(c == 1 ? "$" : ", $").append(row * columns + c);
            }
            sql.append(")");
        }
        // one bindValues call: binding one by one copies the spec's bindings each time (quadratic in the batch)
        List<Object> values = new ArrayList<>(links.size() * columns);
        for (AppendToAuditLog.Chained link : links) {
            AuditEntry e = link.entry();
            if (users) {
                values.add(link.userId());
            }
            values.addAll(List.of(e.eventId(), e.eventType(), e.aggregateType(), e.aggregateId()));
            values.add(Parameter.fromOrEmpty(e.actor(), String.class));
            values.add(Parameter.fromOrEmpty(e.correlationId(), String.class));
            values.add(Times.utc(e.occurredAt()));
            values.add(e.data());
            values.add(Parameter.fromOrEmpty(e.ipAddress(), String.class));
            values.add(Parameter.fromOrEmpty(e.userAgent(), String.class));
            values.add(Parameter.fromOrEmpty(link.prevHash() == null ? null : ByteBuffer.wrap(link.prevHash()), ByteBuffer.class));
            values.add(ByteBuffer.wrap(link.hash()));
        }
        return db.sql(sql.toString()).bindValues(values).then();
    }

    private static byte[] bytes(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }
}
