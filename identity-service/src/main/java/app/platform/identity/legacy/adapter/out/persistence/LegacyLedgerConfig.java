package app.platform.identity.legacy.adapter.out.persistence;

import app.platform.legacy.JdbcLegacyLedger;
import app.platform.legacy.LegacyLedgerMetrics;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;

/** The platform's legacy ledger ({@code db/platform/legacy}) over identity's JDBC connection, and its metrics. */
@Configuration(proxyBeanMethods = false)
class LegacyLedgerConfig {

    @Bean
    JdbcLegacyLedger legacyLedger(JdbcClient jdbc, PlatformTransactionManager transactions) {
        return new JdbcLegacyLedger(jdbc, transactions);
    }

    @Bean
    LegacyLedgerMetrics legacyLedgerMetrics() {
        return new LegacyLedgerMetrics();
    }
}
