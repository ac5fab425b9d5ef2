package app.platform.legacy;

import app.platform.events.EventJson;
import app.platform.legacy.ReactiveLegacyLedger.Outcome;
import app.platform.legacy.ReactiveLegacyLedger.Bucket;
import app.platform.legacy.ReactiveLegacyLedger.TableState;
import app.platform.legacy.ReactiveLegacyLedger.TableSummary;
import app.platform.runtime.Times;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.node.ObjectNode;

/**
 * The legacy ledger of a servlet (JDBC) service's importer, the same as {@link ReactiveLegacyLedger}'s
 * {@code handle} and {@code state} on the same tables, by the same rule ({@link LedgerStep}): each captured change is
 * merged with the last known state of its row, applied by the service's own translation and recorded with its
 * digest and position (its problem noted or cleared), in one transaction; a change at or before the row's last
 * applied one is skipped. The service's listener hands it each change with the importer's translation, as the
 * reactive services' listeners hand theirs to {@link ReactiveLegacyLedger#handleBatch}. Rows are not waited for
 * here: such an importer keeps what waits itself.
 */
public class JdbcLegacyLedger {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(JdbcLegacyLedger.class);

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate streaming;
    private final LegacyTargets targets = new LegacyTargets();

    /** @param dataSource the service's, read with a fetch size when a whole table is compared */
    public JdbcLegacyLedger(javax.sql.DataSource dataSource, PlatformTransactionManager transactions) {
        this.jdbc = JdbcClient.create(dataSource);
        this.tx = new TransactionTemplate(transactions);
        org.springframework.jdbc.core.JdbcTemplate fetching = new org.springframework.jdbc.core.JdbcTemplate(dataSource);
        fetching.setFetchSize(1_000);
        this.streaming = new org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate(fetching);
    }

    /**
     * Handles one change in its own transaction ({@link #apply}); a failure that passes (the connection, a deadlock)
     * is thrown, for the listener's error handler to retry for ever; one that fails
     * {@value ReactiveLegacyLedger#ATTEMPTS} times for any other reason is parked as a problem of its row with that
     * reason, and the partition moves on.
     */
    public Outcome handle(LegacyChange change, Function<LegacyChange, Outcome> apply) {
        RuntimeException failure = null;
        for (int attempt = 1; attempt <= ReactiveLegacyLedger.ATTEMPTS; attempt++) {
            try {
                return apply(change, apply);
            } catch (RuntimeException e) {
                if (ApplyFailures.isTransient(e, t -> null)) {
                    throw e;
                }
                failure = e;
            }
        }
        String reason = ApplyFailures.reason(failure, t -> null);
        // the reason and the failure's kind only: the driver's message quotes the row's values (its detail)
        log.warn("legacy change {} of {} {} parked after {} attempts: {} ({})", change.op(), change.table(), change.id(),
                ReactiveLegacyLedger.ATTEMPTS, reason, failure.getClass().getName());
        Outcome parked = Outcome.refused(reason);
        try {
            tx.executeWithoutResult(status -> {
                LedgerStep.LastKnown known = lastKnownForUpdate(change);
                ObjectNode row = known == null ? null : known.row();
                record(change.withRow(change.deleted() ? (row == null ? change.row() : row) : LegacyRows.merge(row, change.row())), parked);
            });
        } catch (RuntimeException e) {
            if (ApplyFailures.isTransient(e, t -> null)) {
                throw e;
            }
            throw new EventJson.MalformedEvent("a legacy change that can be neither applied nor parked: "
                    + ApplyFailures.reason(e, t -> null), null);
        }
        return parked;
    }

    /**
     * Merges, applies and records one change, in one transaction (the caller's, or one of its own): the translation's
     * writes and the ledger's row commit together.
     */
    public Outcome apply(LegacyChange change, Function<LegacyChange, Outcome> apply) {
        return tx.execute(status -> {
            LedgerStep step = LedgerStep.next(change, lastKnownForUpdate(change));
            return switch (step.kind()) {
                case SKIP -> Outcome.done();
                case ADVANCE -> {
                    position(jdbc.sql(LedgerSql.ADVANCE), change).update();
                    yield Outcome.done();
                }
                case RECORD -> {
                    record(change, Outcome.done());
                    yield Outcome.done();
                }
                case APPLY -> {
                    Outcome outcome = apply.apply(targets.seenBy(step.change()));
                    record(step.change(), outcome);
                    yield outcome;
                }
            };
        });
    }

    /** What the reconciliation compares with the legacy table. */
    public TableState state(String table) {
        Map<String, String> rows = pairs(LedgerSql.STATE_ROWS, table);
        Map<String, String> problems = pairs(LedgerSql.STATE_PROBLEMS, table);
        Map<String, String> warnings = pairs(LedgerSql.STATE_WARNINGS, table);
        return jdbc.sql(LedgerSql.STATE_TIMES).param("t", table)
                .query((rs, n) -> new TableState(table, rows, problems, warnings, rs.getLong(1), instant(rs.getTimestamp(2)),
                        instant(rs.getTimestamp(3))))
                .single();
    }

    /** What the reconciliation compares first: the imported rows per bucket, as {@link ReactiveLegacyLedger#summary}. */
    public TableSummary summary(String table) {
        Map<String, Bucket> buckets = new TreeMap<>();
        jdbc.sql(LedgerSql.STATE_BUCKETS).param("t", table).query(rs -> {
            buckets.put(rs.getString("bucket"), new Bucket(rs.getLong("rows"), rs.getString("checksum")));
        });
        TableState details = withoutRows(table);
        return new TableSummary(table, buckets, details.problems(), details.warnings(), details.waiting(),
                details.lastSourceAt(), details.lastAppliedAt());
    }

    /** The digests of a table's imported rows in the given buckets, by legacy id. */
    public Map<String, String> rows(String table, java.util.Collection<String> buckets) {
        if (buckets.isEmpty()) {
            return Map.of();
        }
        Map<String, String> rows = new TreeMap<>();
        jdbc.sql(LedgerSql.STATE_ROWS_IN_BUCKETS).param("t", table).param("buckets", List.copyOf(buckets)).query(rs -> {
            rows.put(rs.getString(1), rs.getString(2));
        });
        return rows;
    }

    private TableState withoutRows(String table) {
        Map<String, String> problems = pairs(LedgerSql.STATE_PROBLEMS, table);
        Map<String, String> warnings = pairs(LedgerSql.STATE_WARNINGS, table);
        return jdbc.sql(LedgerSql.STATE_TIMES).param("t", table)
                .query((rs, n) -> new TableState(table, Map.of(), problems, warnings, rs.getLong(1), instant(rs.getTimestamp(2)),
                        instant(rs.getTimestamp(3))))
                .single();
    }

    /** What the service holds of each legacy table it imports ({@link LegacyTarget}s), and the test-only switch. */
    public LegacyTargets targets() {
        return targets;
    }

    /**
     * What the service holds of a legacy table against what it imported ({@link LegacyTarget}), read in one
     * read-only transaction, streamed with a fetch size: only the counts and the first ids of each kind are kept.
     */
    public TargetReport target(String table) {
        return targets.of(table).map(target -> {
            TargetReport.Builder report = new TargetReport.Builder(target);
            TransactionTemplate readOnly = new TransactionTemplate(tx.getTransactionManager());
            readOnly.setReadOnly(true);
            readOnly.executeWithoutResult(status -> streaming.query(LegacyTargets.sql(target), Map.of("t", table),
                    (org.springframework.jdbc.core.RowCallbackHandler) rs -> {
                        java.sql.ResultSetMetaData meta = rs.getMetaData();
                        Map<String, Object> held = null;
                        if (rs.getObject(LegacyTargets.HELD_ID) != null) {
                            held = new java.util.HashMap<>();
                            for (int i = 1; i <= meta.getColumnCount(); i++) {
                                if (LegacyTargets.held(meta.getColumnLabel(i))) {
                                    held.put(meta.getColumnLabel(i), rs.getObject(i));
                                }
                            }
                        }
                        LegacyTargets.add(report, rs.getString(LegacyTargets.LEDGER_ID), rs.getString(LegacyTargets.LEDGER_ROW),
                                rs.getBoolean(LegacyTargets.LEDGER_DELETED), held);
                    }));
            return report.build();
        }).orElseGet(() -> LegacyTargets.undeclared(table));
    }

    /**
     * Every row the service's query holds of a legacy table ({@link LegacyTarget}), its own rows too, by legacy id
     * (the failback's check compares them with the legacy table as it is), read in one read-only transaction.
     */
    public Map<String, Map<String, Object>> held(LegacyTarget target) {
        Map<String, Map<String, Object>> rows = new java.util.HashMap<>();
        TransactionTemplate readOnly = new TransactionTemplate(tx.getTransactionManager());
        readOnly.setReadOnly(true);
        readOnly.executeWithoutResult(status -> streaming.query(target.query(), Map.of(),
                (org.springframework.jdbc.core.RowCallbackHandler) rs -> {
                    java.sql.ResultSetMetaData meta = rs.getMetaData();
                    Map<String, Object> held = new java.util.HashMap<>();
                    for (int i = 1; i <= meta.getColumnCount(); i++) {
                        if (LegacyTargets.held(meta.getColumnLabel(i))) {
                            held.put(meta.getColumnLabel(i), rs.getObject(i));
                        }
                    }
                    rows.put(rs.getString(LegacyTargets.HELD_ID), held);
                }));
        return rows;
    }

    /** How many rows could not be imported, and how many wait, over every table of the ledger. */
    public LegacyLedgerMetrics.LedgerCounts counts() {
        return jdbc.sql(LedgerSql.COUNTS)
                .query((rs, n) -> new LegacyLedgerMetrics.LedgerCounts(rs.getLong(1), rs.getLong(2))).single();
    }

    private LedgerStep.LastKnown lastKnownForUpdate(LegacyChange change) {
        return jdbc.sql(LedgerSql.LAST_KNOWN_FOR_UPDATE).param("t", change.table()).param("id", change.id())
                .query((rs, n) -> new LedgerStep.LastKnown((ObjectNode) EventJson.MAPPER.readTree(rs.getString("row")),
                        rs.getString("digest"), rs.getBoolean("applied"), rs.getBoolean("deleted"),
                        new LegacyChange.Position(rs.getInt("topic_partition"), rs.getLong("topic_offset"),
                                rs.getObject("commit_lsn", Long.class), rs.getObject("change_lsn", Long.class),
                                rs.getObject("tx_id", Long.class), TxSnapshot.parseNullable(rs.getString("missing_in")))))
                .optional().orElse(null);
    }

    private void record(LegacyChange change, Outcome outcome) {
        var upsert = jdbc.sql(LedgerSql.record(outcome))
                .param("row", EventJson.MAPPER.writeValueAsString(change.row()))
                .param("digest", LegacyRows.digest(change.row()))
                .param("deleted", change.deleted()).param("applied", outcome.applied())
                .param("waits", outcome.waitsFor())
                .param("at", Times.utc(change.sourceAt()));
        position(outcome.problem() == null ? upsert : upsert.param("reason", outcome.problem()), change).update();
    }

    private static JdbcClient.StatementSpec position(JdbcClient.StatementSpec spec, LegacyChange change) {
        LegacyChange.Position p = change.position();
        return spec.param("t", change.table()).param("id", change.id())
                .param("partition", p.partition()).param("offset", p.offset())
                .param("commit", p.commitLsn(), java.sql.Types.BIGINT).param("lsn", p.lsn(), java.sql.Types.BIGINT)
                .param("tx", p.txId(), java.sql.Types.BIGINT)
                .param("missing", p.missingIn() == null ? null : p.missingIn().toString(), java.sql.Types.VARCHAR);
    }

    private Map<String, String> pairs(String sql, String table) {
        Map<String, String> pairs = new TreeMap<>();
        jdbc.sql(sql).param("t", table).query(rs -> {
            pairs.put(rs.getString(1), rs.getString(2));
        });
        return pairs;
    }

    private static Instant instant(Timestamp at) {
        return at == null ? null : at.toInstant();
    }
}
