package app.platform.outbox;

import java.time.Clock;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * The outbox of a service ({@link ReactiveOutbox} over R2DBC, {@link JdbcOutbox} over JDBC) and its pruner, unless
 * {@code platform.outbox.enabled=false}.
 */
@AutoConfiguration(afterName = {
        "app.platform.consumer.EventConsumerAutoConfiguration",
        "org.springframework.boot.r2dbc.autoconfigure.R2dbcAutoConfiguration",
        "org.springframework.boot.jdbc.autoconfigure.JdbcClientAutoConfiguration"})
@ConditionalOnProperty(name = "platform.outbox.enabled", matchIfMissing = true)
@EnableConfigurationProperties(OutboxProperties.class)
public class OutboxAutoConfiguration {

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(DatabaseClient.class)
    @ConditionalOnBean(DatabaseClient.class)
    static class Reactive {

        @Bean
        @ConditionalOnMissingBean
        ReactiveOutbox reactiveOutbox(DatabaseClient db, Clock clock) {
            return new ReactiveOutbox(db, clock);
        }

        @Bean
        OutboxPruner outboxPruner(ReactiveOutbox outbox, Clock clock, OutboxProperties properties) {
            return OutboxPruner.of(outbox, clock, properties);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(JdbcClient.class)
    @ConditionalOnBean(JdbcClient.class)
    static class Jdbc {

        @Bean
        @ConditionalOnMissingBean
        JdbcOutbox jdbcOutbox(JdbcClient jdbc, Clock clock) {
            return new JdbcOutbox(jdbc, clock);
        }

        @Bean
        OutboxPruner outboxPruner(JdbcOutbox outbox, Clock clock, OutboxProperties properties) {
            return OutboxPruner.of(outbox, clock, properties);
        }
    }
}
