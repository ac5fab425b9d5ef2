package app.platform.relay.reconciliation.adapter.out.persistence;

import app.platform.legacy.TxSnapshot;
import app.platform.legacy.GeneratedColumns;
import app.platform.legacy.HashedColumns;
import app.platform.legacy.LegacyRows;
import app.platform.legacy.LegacyValues;
import app.platform.relay.legacy.application.LegacyCaptureProperties;
import app.platform.relay.legacy.application.LegacyDatabaseUnreadable;
import app.platform.relay.legacy.domain.LeftOutColumns;
import app.platform.relay.reconciliation.application.LegacyTables;
import app.platform.relay.reconciliation.domain.Bucket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.stereotype.Repository;

/**
 * Reads the legacy tables over one connection, all in one repeatable-read transaction (one snapshot, whose WAL
 * position, read just before, it states) that also lets the driver stream each table (fetch size 5,000), every row digested by
 * {@link LegacyRows}.
 */
@Repository
class JdbcLegacyTables implements LegacyTables {

    @Override
    public Session open(LegacyCaptureProperties capture) {
        Connection c = null;
        try {
            c = DriverManager.getConnection(capture.jdbcUrl(), capture.user(), capture.password());
            // the position is read before the snapshot is taken (by the transaction's first statement, next), so that
            // every change the snapshot lacks was committed after it: a ghost row's delete placed there never passes a
            // change made after the snapshot
            String lsn;
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT CAST(pg_current_wal_lsn() AS text)")) {
                rs.next();
                lsn = rs.getString(1);
            }
            c.setAutoCommit(false); // one snapshot for every table, and the driver streams a large table with a fetch size
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            TxSnapshot transactions; // the transaction's first statement takes its snapshot: this one names it
            try (Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT CAST(pg_current_snapshot() AS text)")) {
                rs.next();
                transactions = TxSnapshot.parse(rs.getString(1));
            }
            return new JdbcSession(c, lsn, transactions, LeftOutColumns.with(GeneratedColumns.of(c, capture.tables())));
        } catch (SQLException e) {
            if (c != null) {
                try {
                    c.close();
                } catch (SQLException closing) {
                    e.addSuppressed(closing);
                }
            }
            throw new LegacyDatabaseUnreadable(e);
        }
    }

    /** @param leftOut the columns the capture leaves out, left out here too */
    private record JdbcSession(Connection c, String snapshotLsn, TxSnapshot transactions, LeftOutColumns leftOut)
            implements Session {

        @Override
        public Map<String, String> digests(String table) {
            Map<String, String> digests = new HashMap<>();
            read(table, "", digests::put);
            return digests;
        }

        @Override
        public Map<String, Bucket> buckets(String table) {
            Map<String, Bucket> buckets = new TreeMap<>();
            read(table, "", (id, digest) -> Bucket.add(buckets, LegacyRows.bucket(id), LegacyRows.share(id, digest)));
            return buckets;
        }

        @Override
        public Map<String, String> digests(String table, java.util.Collection<String> buckets) {
            Map<String, String> digests = new HashMap<>();
            if (!buckets.isEmpty()) {
                // the buckets are ours (two hexadecimal digits each), never a request's
                String in = buckets.stream().filter(b -> b.matches("[0-9a-f]{2}")).map(b -> "'" + b + "'")
                        .collect(java.util.stream.Collectors.joining(","));
                read(table, " WHERE substr(md5(CAST(id AS text)), 1, 2) IN (" + in + ")", digests::put);
            }
            return digests;
        }

        @Override
        public boolean numericId(String table) {
            boolean[] numeric = new boolean[1];
            inSavepoint(() -> {
                try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT id FROM " + quote(table) + " LIMIT 0")) {
                    int type = rs.getMetaData().getColumnType(1);
                    numeric[0] = type == java.sql.Types.SMALLINT || type == java.sql.Types.INTEGER
                            || type == java.sql.Types.BIGINT || type == java.sql.Types.TINYINT;
                }
            });
            return numeric[0];
        }

        /** Streams the table's rows (those the condition keeps), each digested, to {@code each} as (id, digest). */
        private void read(String table, String where, java.util.function.BiConsumer<String, String> each) {
            inSavepoint(() -> {
                try (Statement st = c.createStatement()) {
                    st.setFetchSize(5_000);
                    try (ResultSet rs = st.executeQuery("SELECT * FROM " + quote(table) + where)) {
                        ResultSetMetaData meta = rs.getMetaData();
                        while (rs.next()) {
                            Map<String, Object> row = new HashMap<>();
                            for (int i = 1; i <= meta.getColumnCount(); i++) {
                                String column = meta.getColumnName(i);
                                if (!leftOut.contains(table, column)) {
                                    Object value = LegacyValues.read(rs, i);
                                    // a refresh token crosses as its hash (HashedColumns): compared so
                                    row.put(column, HashedColumns.hashed(table, column) && value instanceof String s
                                            ? HashedColumns.hash(s) : value);
                                }
                            }
                            each.accept(rs.getString("id"), LegacyRows.digest(row));
                        }
                    }
                }
            });
        }

        /**
         * One table's reads in a savepoint of the snapshot's transaction: a table that cannot be read (a permission,
         * a table dropped) fails alone, and the next one is read in the same snapshot.
         */
        private void inSavepoint(SqlWork work) {
            try {
                java.sql.Savepoint savepoint = c.setSavepoint();
                try {
                    work.run();
                    c.releaseSavepoint(savepoint);
                } catch (SQLException e) {
                    c.rollback(savepoint);
                    throw e;
                } catch (RuntimeException e) {
                    // a value the driver cannot turn into Java (a timestamp before year 1): this table fails, not the report
                    c.rollback(savepoint);
                    throw new SQLException("a value cannot be read: " + e.getMessage(), e);
                }
            } catch (SQLException e) {
                throw new LegacyDatabaseUnreadable(e);
            }
        }

        @Override
        public Count count(String table) {
            Count[] count = new Count[1];
            inSavepoint(() -> {
                try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                        "SELECT CAST(to_regclass('" + quote(table).replace("'", "") + "') AS text)")) {
                    rs.next();
                    if (rs.getString(1) == null) {
                        count[0] = new Count(false, 0);
                        return;
                    }
                }
                try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM " + quote(table))) {
                    rs.next();
                    count[0] = new Count(true, rs.getLong(1));
                }
            });
            return count[0];
        }

        @Override
        public void close() {
            try {
                try {
                    c.rollback(); // it only read
                } finally {
                    c.close();
                }
            } catch (SQLException e) {
                throw new LegacyDatabaseUnreadable(e);
            }
        }
    }

    @FunctionalInterface
    private interface SqlWork {
        void run() throws SQLException;
    }

    /** {@code schema.table} as a quoted identifier pair (the names come from configuration, never from a request). */
    private static String quote(String table) {
        String[] parts = table.split("\\.", 2);
        if (parts.length < 2) {
            throw new LegacyDatabaseUnreadable(new SQLException("not a schema.table: " + table));
        }
        return "\"" + parts[0].replace("\"", "") + "\".\"" + parts[1].replace("\"", "") + "\"";
    }
}
