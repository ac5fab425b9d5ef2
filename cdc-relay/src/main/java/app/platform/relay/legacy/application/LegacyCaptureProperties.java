package app.platform.relay.legacy.application;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code relay.legacy.*}: the legacy (Supabase) database captured during the cutover.
 *
 * @param jdbcUrl           the <b>direct</b> connection (Supabase's pooler cannot replicate)
 * @param tables            the captured tables, schema-qualified
 * @param publication       one table-list publication ({@code publicationAutocreate=disabled} when pre-created)
 * @param heartbeatQuery    run with every heartbeat, so that the slot's confirmed position moves on an idle legacy
 *                          database: by default a logical decoding message ({@code pg_logical_emit_message}), which
 *                          writes WAL and no table; empty: none
 * @param partitions        of each table's topic, declared at startup
 * @param replicationFactor of each table's topic; null: the broker's default
 * @param signalTable       {@code schema.table} of Debezium's signal table in the legacy database, which the relay
 *                          creates and captures (never forwarded) for re-snapshots (an incremental snapshot of a table,
 *                          signalled there); empty: none, and re-snapshots are refused
 */
@ConfigurationProperties("relay.legacy")
public record LegacyCaptureProperties(boolean enabled, String jdbcUrl, String user, String password, List<String> tables,
                                      String slot, String publication, String publicationAutocreate, String topicPrefix,
                                      long heartbeatMs, String heartbeatQuery, long flushIntervalMs, int partitions,
                                      Short replicationFactor, String signalTable) {

    public LegacyCaptureProperties {
        signalTable = signalTable == null ? "" : signalTable.trim();
    }

    /** The topic of a captured table ({@code schema.table}): {@code <topicPrefix>.<schema>.<table>}. */
    public String topic(String table) {
        return topicPrefix + "." + table;
    }

    /** Whether a signal table is configured. */
    public boolean signals() {
        return !signalTable.isEmpty();
    }

    /** The topic Debezium would send the signal table's changes to (the relay never forwards them); null: none. */
    public String signalTopic() {
        return signals() ? topic(signalTable) : null;
    }
}
