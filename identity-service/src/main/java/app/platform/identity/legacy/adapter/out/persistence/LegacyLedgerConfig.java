package app.platform.identity.legacy.adapter.out.persistence;

import app.platform.identity.legacy.application.LegacyFactorImport;
import app.platform.identity.legacy.application.LegacyImportSettings;
import app.platform.identity.legacy.domain.GoTrueSecrets;
import app.platform.legacy.JdbcLegacyLedger;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import app.platform.legacy.LegacyLedgerMetrics;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The platform's legacy ledger ({@code db/platform/legacy}) over identity's JDBC connection, with what identity holds
 * of each legacy table it imports ({@link LegacyTargetsSql}: {@code auth.users}, {@code auth.identities},
 * {@code auth.sessions}, {@code auth.refresh_tokens}, {@code auth.mfa_factors}), its metrics, and the opener of
 * GoTrue's encrypted columns.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(LegacyImportSettings.class)
class LegacyLedgerConfig {

    @Bean
    JdbcLegacyLedger legacyLedger(javax.sql.DataSource dataSource, PlatformTransactionManager transactions,
                                  LegacyFactorImport factors) {
        JdbcLegacyLedger ledger = new JdbcLegacyLedger(dataSource, transactions);
        ledger.targets().declare(LegacyTargetsSql.users());
        ledger.targets().declare(LegacyTargetsSql.identities());
        ledger.targets().declare(LegacyTargetsSql.sessions());
        ledger.targets().declare(LegacyTargetsSql.refreshTokens());
        ledger.targets().declare(LegacyTargetsSql.factors(factors));
        return ledger;
    }

    /** GoTrue's encrypted columns, opened with the project's keys ({@code identity.legacy-import.decryption-keys}). */
    @Bean
    GoTrueSecrets goTrueSecrets(LegacyImportSettings settings) {
        return new GoTrueSecrets(settings.decryptionKeys());
    }

    @Bean
    LegacyLedgerMetrics legacyLedgerMetrics() {
        return new LegacyLedgerMetrics();
    }
}
