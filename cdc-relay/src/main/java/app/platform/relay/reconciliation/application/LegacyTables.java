package app.platform.relay.reconciliation.application;

import app.platform.legacy.TxSnapshot;
import app.platform.relay.legacy.application.LegacyCaptureProperties;
import app.platform.relay.legacy.application.LegacyDatabaseUnreadable;
import app.platform.relay.reconciliation.domain.Bucket;
import java.util.Map;

/** Port: the captured tables' rows in the legacy database, digested as the importers digest them. */
public interface LegacyTables {

    /** A table that is not captured: whether it exists, and how many rows it holds. */
    record Count(boolean exists, long rows) {
    }

    /**
     * Opens one session on the legacy database, for reading its tables one after the other in one snapshot.
     *
     * @throws LegacyDatabaseUnreadable when the legacy database cannot be read
     */
    Session open(LegacyCaptureProperties capture);

    interface Session extends AutoCloseable {

        /**
         * The legacy database's WAL position when the session's snapshot was taken, read just before it: every change
         * the snapshot lacks was committed after this position (but for a commit being flushed at that very moment).
         */
        String snapshotLsn();

        /** Which transactions the session's snapshot saw committed (a ghost row's delete names them). */
        TxSnapshot transactions();

        /**
         * Whether a captured table's {@code id} column is an integer ({@code smallint}, {@code integer},
         * {@code bigint}), which the capture's key and rows carry as a JSON number; any other type (uuid, text, and
         * numeric, which the capture writes as text) is carried as a string.
         *
         * @throws LegacyDatabaseUnreadable when the table cannot be read
         */
        boolean numericId(String table);

        /**
         * Every row of a captured table, its generated columns left out (as the capture leaves them), digested by id.
         *
         * @throws LegacyDatabaseUnreadable when the table cannot be read
         */
        Map<String, String> digests(String table);

        /**
         * A captured table's rows per bucket (streamed: nothing but the 256 buckets is held).
         *
         * @throws LegacyDatabaseUnreadable when the table cannot be read
         */
        Map<String, Bucket> buckets(String table);

        /**
         * The digests by id of a captured table's rows in the given buckets.
         *
         * @throws LegacyDatabaseUnreadable when the table cannot be read
         */
        Map<String, String> digests(String table, java.util.Collection<String> buckets);

        /**
         * How many rows a table holds, or that it does not exist.
         *
         * @throws LegacyDatabaseUnreadable when the table cannot be read
         */
        Count count(String table);

        /** @throws LegacyDatabaseUnreadable when the session does not end cleanly */
        @Override
        void close();
    }
}
