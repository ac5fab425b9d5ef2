package app.platform.audit.retention.adapter.out.persistence;

import app.platform.audit.retention.application.CheckpointSigner;
import app.platform.audit.retention.application.Pruner;
import app.platform.audit.retention.application.Retention;
import app.platform.audit.retention.domain.Checkpoint;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Prunes as {@code audit_pruner} over JDBC (its own connection, its own role): per chain, every row before the
 * first one still within the retention, but never a chain's newest row (the next append links to it), deleted
 * with the signed checkpoint in one transaction.
 */
@Repository
class JdbcPruner implements Pruner {

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;

    JdbcPruner(PrunerSettings settings) {
        if (settings.url().isBlank() || settings.user().isBlank()) {
            this.jdbc = null;
            this.tx = null;
        } else {
            DriverManagerDataSource ds = new DriverManagerDataSource(settings.url(), settings.user(), settings.password());
            ds.setSchema(settings.schema());
            this.jdbc = new JdbcTemplate(ds);
            this.tx = new TransactionTemplate(new DataSourceTransactionManager(ds));
        }
    }

    @Override
    public boolean configured() {
        return jdbc != null;
    }

    @Override
    public Optional<Checkpoint> pruneSystem(Instant before, CheckpointSigner signer) {
        return tx.execute(s -> alone() ? prune("system_audit_logs", null, before, signer) : Optional.<Checkpoint>empty());
    }

    @Override
    public List<Checkpoint> pruneUsers(Instant before, CheckpointSigner signer) {
        return tx.execute(s -> {
            List<Checkpoint> done = new ArrayList<>();
            if (!alone()) {
                return done;
            }
            for (UUID user : jdbc.queryForList("SELECT DISTINCT user_id FROM user_audit_logs WHERE occurred_at < ? "
                    + "ORDER BY user_id", UUID.class, Timestamp.from(before))) {
                prune("user_audit_logs", user, before, signer).ifPresent(done::add);
            }
            return done;
        });
    }

    /**
     * Whether this replica's run holds the retention's lock for its transaction: every replica's timer runs the
     * retention, and two at once would each write a checkpoint of one prefix; the one that finds it taken skips.
     */
    private boolean alone() {
        return Boolean.TRUE.equals(jdbc.queryForObject("SELECT pg_try_advisory_xact_lock(hashtext('audit.retention'))",
                Boolean.class));
    }

    private Optional<Checkpoint> prune(String table, UUID user, Instant before, CheckpointSigner signer) {
        String chain = user == null ? "" : " AND user_id = '" + user + "'";
        Long through = jdbc.queryForObject("SELECT max(id) FROM " + table + " WHERE id < coalesce("
                + "(SELECT min(id) FROM " + table + " WHERE occurred_at >= ?" + chain + "), "
                + "(SELECT max(id) FROM " + table + " WHERE true" + chain + "))" + chain, Long.class, Timestamp.from(before));
        if (through == null) {
            return Optional.empty();
        }
        byte[] hash = jdbc.queryForObject("SELECT hash FROM " + table + " WHERE id = ?", byte[].class, through);
        int rows = jdbc.update("DELETE FROM " + table + " WHERE id <= ?" + chain, through);
        Checkpoint checkpoint = new Checkpoint(Retention.chainOf(user), through, hash, rows, before);
        jdbc.update("""
                        INSERT INTO audit_checkpoints (chain, through_id, through_hash, rows_pruned, pruned_before, signature)
                        VALUES (?, ?, ?, ?, ?, ?)""", checkpoint.chain(), through, hash, rows, Timestamp.from(before),
                signer.sign(checkpoint));
        return Optional.of(checkpoint);
    }
}
