package app.platform.failback;

import com.zaxxer.hikari.HikariDataSource;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;

/** A service's legacy writer and its gate, with {@code platform.failback.enabled=true}. */
@AutoConfiguration
@ConditionalOnClass({JdbcClient.class, KafkaListenerEndpointRegistry.class, HikariDataSource.class})
@ConditionalOnProperty(name = "platform.failback.enabled", havingValue = "true")
@EnableConfigurationProperties(FailbackSettings.class)
public class FailbackAutoConfiguration {

    @Bean
    LegacyWriter legacyWriter(FailbackSettings settings) {
        return new LegacyWriter(settings);
    }

    @Bean
    FailbackGate failbackGate(LegacyWriter writer, KafkaListenerEndpointRegistry listeners, FailbackSettings settings) {
        return new FailbackGate(writer, listeners, settings);
    }
}
