package app.platform.relay.legacy.application;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code relay.legacy.*}: the legacy (Supabase) database captured during the cutover.
 *
 * @param jdbcUrl          the <b>direct</b> connection (Supabase's pooler cannot replicate)
 * @param tables           the captured tables, schema-qualified
 * @param publication      one table-list publication ({@code publicationAutocreate=disabled} when pre-created)
 * @param heartbeatQuery   optional, e.g. an upsert into a heartbeat table in the publication; empty: none, as
 *                         nothing of the platform writes to the legacy database unless told to
 */
@ConfigurationProperties("relay.legacy")
public record LegacyCaptureProperties(boolean enabled, String jdbcUrl, String user, String password, List<String> tables,
                                      String slot, String publication, String publicationAutocreate, String topicPrefix,
                                      long heartbeatMs, String heartbeatQuery, long flushIntervalMs) {
}
