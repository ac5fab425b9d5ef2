package app.platform.relay.cutover.domain;

import java.util.List;

/**
 * What the legacy database says about itself, as read by the preflight: each fact read on its own, so one that could
 * not be read (a permission, an older PostgreSQL, no connection at all) says why and leaves the others standing.
 *
 * @param serverVersion      {@code SHOW server_version}: read at all means the connection works
 * @param walLevel           {@code wal_level}
 * @param slots              the replication slots, the capture's own among them
 * @param walSenders         the WAL senders, the capture's own among them
 * @param role               the connecting role's attributes and rights on the database
 * @param publication        the capture's publication
 * @param tables             each captured table, in the configured order
 * @param statementTimeout   {@code statement_timeout} in a fresh session of the role ({@code 0}: none)
 * @param maxSlotWalKeepSize {@code max_slot_wal_keep_size} as PostgreSQL shows it ({@code -1}: unlimited); a null
 *                           value: the server has no such setting (before PostgreSQL 13)
 * @param walBytes           the size of {@code pg_wal} ({@code pg_ls_waldir()}, which needs {@code pg_monitor})
 * @param signalTable        the capture's signal table and the role's rights to create or use it; a null value: none
 *                           is configured
 */
public record PreflightFacts(Read<String> serverVersion, Read<String> walLevel, Read<Slots> slots,
                             Read<WalSenders> walSenders, Read<Role> role, Read<Publication> publication,
                             Read<List<Table>> tables, Read<String> statementTimeout, Read<String> maxSlotWalKeepSize,
                             Read<Long> walBytes, Read<SignalTable> signalTable) {

    /** A fact, or why it could not be read (then {@code value} is null). */
    public record Read<T>(T value, String error) {

        public static <T> Read<T> of(T value) {
            return new Read<>(value, null);
        }

        public static <T> Read<T> failed(String error) {
            return new Read<>(null, error == null ? "unknown error" : error);
        }

        public boolean read() {
            return error == null;
        }
    }

    /**
     * @param max       {@code max_replication_slots}
     * @param used      the slots that exist, of every kind and database
     * @param ownExists whether the capture's own slot is one of them
     */
    public record Slots(int max, int used, boolean ownExists) {
    }

    /**
     * @param max       {@code max_wal_senders}
     * @param active    the WAL senders running ({@code pg_stat_replication})
     * @param ownActive whether one of them streams the capture's own slot
     */
    public record WalSenders(int max, int active, boolean ownActive) {
    }

    /**
     * @param createOnDatabase {@code CREATE} on the current database, which {@code CREATE PUBLICATION} needs
     */
    public record Role(String name, String database, boolean superuser, boolean replication, boolean bypassRls,
                       boolean createOnDatabase) {
    }

    /**
     * @param owned  whether the role owns it (or is a member of its owner)
     * @param tables {@code schema.table} of each table it covers
     */
    public record Publication(boolean exists, boolean owned, List<String> tables) {

        public Publication {
            tables = tables == null ? List.of() : List.copyOf(tables);
        }
    }

    /**
     * A captured table.
     *
     * @param owned              the role owns it, or is a member of its owner (which adding it to a publication needs)
     * @param selectable         {@code SELECT} on it and {@code USAGE} on its schema
     * @param rowSecurity        row-level security is enabled on it
     * @param forceRowSecurity   it applies to its owner too
     * @param primaryKey         it has a primary key
     * @param userIdUnindexed    it has a {@code user_id} column and no valid B-tree or hash index led by it (whole, or
     *                           of the rows where it is not null)
     * @param estimatedRows      PostgreSQL's estimate of its rows ({@code reltuples}; {@code -1}: never analysed)
     */
    public record Table(String name, boolean exists, boolean owned, boolean selectable, boolean rowSecurity,
                        boolean forceRowSecurity, boolean primaryKey, boolean userIdUnindexed, long estimatedRows) {

        public static Table missing(String name) {
            return new Table(name, false, false, false, false, false, false, false, -1);
        }
    }

    /**
     * The capture's signal table (for re-snapshots), which the relay creates when absent.
     *
     * @param name              {@code schema.table}
     * @param schemaExists      its schema exists
     * @param exists            the table exists
     * @param usable            the role may use it: {@code USAGE} on the schema, {@code SELECT} and {@code INSERT} on it
     * @param createInSchema    the role may create a table in its (existing) schema
     * @param createOnDatabase  the role may create a schema ({@code CREATE} on the database)
     */
    public record SignalTable(String name, boolean schemaExists, boolean exists, boolean usable, boolean createInSchema,
                              boolean createOnDatabase) {
    }

    /** No connection: every fact fails for that one reason. */
    public static PreflightFacts unreachable(String reason) {
        return new PreflightFacts(Read.failed(reason), Read.failed(reason), Read.failed(reason), Read.failed(reason),
                Read.failed(reason), Read.failed(reason), Read.failed(reason), Read.failed(reason), Read.failed(reason),
                Read.failed(reason), Read.failed(reason));
    }
}
