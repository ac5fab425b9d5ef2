package app.platform.relay.reconciliation.application;

import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code relay.reconciliation.*}: who imports which legacy table, and how the relay proves itself to them (a
 * client-credentials token of identity's {@code platform-services} client, scope {@code services}).
 *
 * @param owners service name → its base URL and the legacy tables it imports (its ledger:
 *               {@code GET <url>/api/<service>/internal/legacy/<table>})
 */
@ConfigurationProperties("relay.reconciliation")
public record ReconciliationProperties(String tokenUri, String clientId, String clientSecret, Map<String, Owner> owners) {

    public record Owner(String url, List<String> tables) {
    }
}
