package app.platform.failback;

import app.platform.legacy.JdbcLegacyLedger;
import app.platform.legacy.LegacyLedgerAutoConfiguration;
import app.platform.legacy.ReactiveLegacyLedger;
import app.platform.legacy.TargetReport;
import com.zaxxer.hikari.HikariDataSource;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * A service's legacy writer, its gate and the failback's check of its tables ({@link FailbackCheck}), with
 * {@code platform.failback.enabled=true}.
 */
@AutoConfiguration(after = LegacyLedgerAutoConfiguration.class)
@ConditionalOnClass({JdbcClient.class, KafkaListenerEndpointRegistry.class, HikariDataSource.class})
@ConditionalOnProperty(name = "platform.failback.enabled", havingValue = "true")
@EnableConfigurationProperties(FailbackSettings.class)
public class FailbackAutoConfiguration {

    @Bean
    LegacyWriter legacyWriter(FailbackSettings settings) {
        return new LegacyWriter(settings);
    }

    @Bean
    @ConditionalOnBean(ReactiveLegacyLedger.class)
    FailbackCheck failbackCheck(LegacyWriter writer, ReactiveLegacyLedger ledger) {
        return new FailbackCheck(writer, ledger.targets(), target -> ledger.held(target).block(ReactiveLegacyLedger.TIMEOUT));
    }

    @Bean
    @ConditionalOnBean(JdbcLegacyLedger.class)
    FailbackCheck jdbcFailbackCheck(LegacyWriter writer, JdbcLegacyLedger ledger) {
        return new FailbackCheck(writer, ledger.targets(), ledger::held);
    }

    /**
     * {@code GET /api/<service>/internal/legacy/<table>/failback}: the failback's check of a table (services only; a
     * servlet service serves it from its own ledger controller).
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(RouterFunction.class)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
    static class CheckRoute {

        @Bean
        @ConditionalOnBean(ReactiveLegacyLedger.class)
        RouterFunction<ServerResponse> failbackCheckRoute(FailbackCheck check) {
            return RouterFunctions.route().GET("/api/{service}/internal/legacy/{table}/failback", request ->
                    ServerResponse.ok().body(Mono.fromCallable(() -> check.check(request.pathVariable("table")))
                            .subscribeOn(Schedulers.boundedElastic()), TargetReport.class)).build();
        }
    }

    @Bean
    FailbackGate failbackGate(LegacyWriter writer, KafkaListenerEndpointRegistry listeners, FailbackSettings settings) {
        return new FailbackGate(writer, listeners, settings);
    }
}
