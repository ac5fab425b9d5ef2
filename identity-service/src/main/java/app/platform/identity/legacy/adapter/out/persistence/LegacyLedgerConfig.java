package app.platform.identity.legacy.adapter.out.persistence;

import app.platform.legacy.JdbcLegacyLedger;
import app.platform.legacy.LegacyLedgerMetrics;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The platform's legacy ledger ({@code db/platform/legacy}) over identity's JDBC connection, with what identity holds
 * of each legacy table it imports ({@link LegacyTargetsSql}: {@code auth.users}, {@code auth.identities}), and its
 * metrics.
 */
@Configuration(proxyBeanMethods = false)
class LegacyLedgerConfig {

    @Bean
    JdbcLegacyLedger legacyLedger(javax.sql.DataSource dataSource, PlatformTransactionManager transactions) {
        JdbcLegacyLedger ledger = new JdbcLegacyLedger(dataSource, transactions);
        ledger.targets().declare(LegacyTargetsSql.users());
        ledger.targets().declare(LegacyTargetsSql.identities());
        return ledger;
    }

    @Bean
    LegacyLedgerMetrics legacyLedgerMetrics() {
        return new LegacyLedgerMetrics();
    }
}
