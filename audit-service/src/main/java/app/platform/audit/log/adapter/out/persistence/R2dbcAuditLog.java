package app.platform.audit.log.adapter.out.persistence;

import app.platform.audit.log.application.AuditLog;
import app.platform.audit.log.application.AppendToAuditLog;
import app.platform.audit.log.domain.AuditEntry;
import app.platform.audit.log.domain.ChainEnd;
import io.r2dbc.postgresql.api.PostgresqlConnection;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.Wrapped;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
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
        UUID[] ids = users.toArray(UUID[]::new);
        // in the order of the keys themselves (two users whose keys collide would otherwise be locked in opposite
        // orders by two batches: a deadlock); the keys stay those every running version takes, so a rolling update
        // never has two versions extend one chain at once
        return db.sql("""
                        SELECT count(pg_advisory_xact_lock(k)) FROM (SELECT DISTINCT hashtext('audit.user.' || u::text) AS k
                        FROM unnest(CAST(:users AS uuid[])) AS u ORDER BY k) AS keys""")
                .bind("users", ids).fetch().rowsUpdated().then()
                .then(db.sql("""
                                SELECT user_id, hash FROM unnest(CAST(:users AS uuid[])) AS u(user_id)
                                CROSS JOIN LATERAL (SELECT hash FROM user_audit_logs l WHERE l.user_id = u.user_id
                                                    ORDER BY id DESC LIMIT 1) AS head""")
                        .bind("users", ids)
                        .map(row -> Map.entry(row.get("user_id", UUID.class), bytes(row.get("hash", ByteBuffer.class))))
                        .all().collectMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    @Override
    public Mono<EndNow> systemEndNow() {
        return db.sql("""
                        SELECT (SELECT max(id) FROM system_audit_logs) AS newest, e.id, e.hash, e.diverged_from,
                               e.id IS NOT NULL AND (
                                   EXISTS (SELECT 1 FROM system_audit_logs l WHERE l.id = e.id AND l.hash = e.hash)
                                   OR EXISTS (SELECT 1 FROM audit_checkpoints c WHERE c.chain = 'system' AND c.through_id >= e.id))
                                   AS held
                        FROM (VALUES (1)) AS one LEFT JOIN audit_chain_end e ON e.chain = 'system'""")
                .map(row -> new EndNow(row.get("newest", Long.class), row.get("id", Long.class) == null ? null
                        : new ChainEnd(row.get("id", Long.class), bytes(row.get("hash", ByteBuffer.class)),
                        bytes(row.get("diverged_from", ByteBuffer.class))), Boolean.TRUE.equals(row.get("held", Boolean.class))))
                .one();
    }

    @Override
    public Mono<Void> anchorSystemEnd(ChainEnd end, byte[] signature) {
        var upsert = db.sql("""
                        INSERT INTO audit_chain_end (chain, id, hash, diverged_from, signature)
                        VALUES ('system', :id, :hash, :diverged, :signature)
                        ON CONFLICT (chain) DO UPDATE SET id = excluded.id, hash = excluded.hash,
                            diverged_from = excluded.diverged_from, signature = excluded.signature, updated_at = now()""")
                .bind("id", end.id()).bind("hash", ByteBuffer.wrap(end.hash())).bind("signature", ByteBuffer.wrap(signature));
        return (end.divergedFrom() == null ? upsert.bindNull("diverged", ByteBuffer.class)
                : upsert.bind("diverged", ByteBuffer.wrap(end.divergedFrom()))).then();
    }

    @Override
    public Mono<Void> insertAll(List<AppendToAuditLog.Chained> links) {
        List<AppendToAuditLog.Chained> system = links.stream().filter(l -> l.userId() == null).toList();
        List<AppendToAuditLog.Chained> users = links.stream().filter(l -> l.userId() != null).toList();
        return insert("system_audit_logs", system).then(insert("user_audit_logs", users));
    }

    /**
     * One binary {@code COPY … FROM STDIN} on the transaction's connection: no statement to parse, no parameter to
     * bind (a multi-row INSERT of a polled batch binds thousands), no value for the server to parse from text.
     */
    private Mono<Void> insert(String table, List<AppendToAuditLog.Chained> links) {
        if (links.isEmpty()) {
            return Mono.empty();
        }
        boolean users = table.equals("user_audit_logs");
        BinaryCopy rows = new BinaryCopy(links.size() * 512);
        for (AppendToAuditLog.Chained link : links) {
            AuditEntry e = link.entry();
            rows.row(users ? 13 : 12);
            if (users) {
                rows.uuid(link.userId());
            }
            rows.uuid(e.eventId()).text(e.eventType()).text(e.aggregateType()).text(e.aggregateId()).text(e.actor())
                    .text(e.correlationId()).timestamptz(e.occurredAt()).text(e.data()).text(e.ipAddress())
                    .text(e.userAgent()).bytea(link.prevHash()).bytea(link.hash());
        }
        byte[] copied = rows.end();
        String copy = "COPY " + table + " (" + (users ? "user_id, " : "") + "event_id, event_type, aggregate_type, "
                + "aggregate_id, actor, correlation_id, occurred_at, data, ip_address, user_agent, prev_hash, hash) "
                + "FROM STDIN (FORMAT binary)";
        return db.inConnection(c -> postgres(c).copyIn(copy).from(copied).build()).then();
    }

    /** The driver's own connection under the pool's and the transaction's wrappers, for its {@code COPY}. */
    private static PostgresqlConnection postgres(Connection connection) {
        Object c = connection;
        while (!(c instanceof PostgresqlConnection) && c instanceof Wrapped<?> wrapped) {
            c = wrapped.unwrap();
        }
        if (c instanceof PostgresqlConnection postgres) {
            return postgres;
        }
        throw new IllegalStateException("not a PostgreSQL connection: " + connection.getClass());
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
