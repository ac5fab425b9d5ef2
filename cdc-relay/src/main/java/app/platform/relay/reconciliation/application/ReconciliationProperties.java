package app.platform.relay.reconciliation.application;

import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code relay.reconciliation.*}: who imports which legacy table, and how the relay proves itself to them (a
 * client-credentials token of identity's {@code platform-services} client, scope {@code services}).
 *
 * @param owners     service name → its base URL, the legacy tables it imports (its ledger:
 *                   {@code GET <url>/api/<service>/internal/legacy/<table>}) and its importer's consumer group
 * @param uncaptured legacy tables in scope that are not captured: verification passes only while they hold no row
 */
@ConfigurationProperties("relay.reconciliation")
public record ReconciliationProperties(String tokenUri, String clientId, String clientSecret, Map<String, Owner> owners,
                                       List<String> uncaptured) {

    public ReconciliationProperties {
        uncaptured = uncaptured == null ? List.of() : List.copyOf(uncaptured);
    }

    /** Each of the captured tables a service imports, with that service, in the owners' order. */
    public Map<String, String> ownerByTable(List<String> captured) {
        Map<String, String> ownerByTable = new java.util.LinkedHashMap<>();
        owners.forEach((service, owner) -> owner.tables().stream().filter(captured::contains)
                .forEach(table -> ownerByTable.put(table, service)));
        return ownerByTable;
    }

    /** @param importGroup the Kafka consumer group of its legacy importer (the cutover's drain waits for its lag) */
    public record Owner(String url, List<String> tables, String importGroup) {
    }
}
