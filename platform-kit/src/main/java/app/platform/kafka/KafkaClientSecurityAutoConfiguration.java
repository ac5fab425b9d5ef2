package app.platform.kafka;

import java.time.Duration;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.kafka.config.AbstractKafkaListenerContainerFactory;

/**
 * Every Kafka client a service gets from Spring Boot (the producer and consumer factories, {@code KafkaAdmin}, and so
 * the listeners, the dead letters, cdc-relay's forwarders and its admin client) authenticates as
 * {@link KafkaClientSecurity} says: its {@link KafkaClientSecurity#clientProperties() properties} join
 * {@code spring.kafka.properties}, which Boot gives to each of them, its
 * {@link KafkaClientSecurity#consumerProperties() consumer properties} {@code spring.kafka.consumer.properties}; an
 * authenticated service's listeners retry an authorization failure. Every consumer reads committed records only
 * ({@code read_committed}, unless {@code spring.kafka.consumer.isolation-level} says otherwise): cdc-relay publishes
 * each batch in a transaction, and a batch it could not finish is aborted, then published again. Each transaction
 * ends with a marker that takes an offset of its own and that no listener is given; so that a group whose listeners
 * applied everything shows a lag of 0 (the cutover's drain and sweep, the operators' dashboards wait for it), every
 * listener container commits its position past the markers when a poll finds nothing new ({@code fixTxOffsets}). A
 * service writes nothing for it.
 */
@AutoConfiguration(beforeName = "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration")
@ConditionalOnClass(KafkaProperties.class)
public class KafkaClientSecurityAutoConfiguration {

    /**
     * How long a listener waits before it polls again after an authentication or authorization failure (its user's
     * ACLs not made yet, say), instead of stopping for good; {@code spring.kafka.listener.auth-exception-retry-interval}
     * overrides it.
     */
    static final Duration AUTHORIZATION_RETRY = Duration.ofSeconds(10);

    /** Static: a bean post-processor, made before the beans it processes. */
    @Bean
    static BeanPostProcessor kafkaClientSecurity(Environment environment) {
        return new SecuredClients(environment);
    }

    private static final class SecuredClients implements BeanPostProcessor {

        private final Environment environment;

        SecuredClients(Environment environment) {
            this.environment = environment;
        }

        @Override
        public Object postProcessAfterInitialization(Object bean, String beanName) {
            if (bean instanceof AbstractKafkaListenerContainerFactory<?, ?, ?> listeners) {
                listeners.getContainerProperties().setFixTxOffsets(true);
            }
            if (bean instanceof KafkaProperties kafka) {
                KafkaClientSecurity security = KafkaClientSecurity.of(environment);
                kafka.getProperties().putAll(security.clientProperties());
                kafka.getConsumer().getProperties().putAll(security.consumerProperties());
                if (kafka.getConsumer().getIsolationLevel() == KafkaProperties.IsolationLevel.READ_UNCOMMITTED
                        && !environment.containsProperty("spring.kafka.consumer.isolation-level")) {
                    kafka.getConsumer().setIsolationLevel(KafkaProperties.IsolationLevel.READ_COMMITTED);
                }
                if (security.authenticated() && kafka.getListener().getAuthExceptionRetryInterval() == null) {
                    kafka.getListener().setAuthExceptionRetryInterval(AUTHORIZATION_RETRY);
                }
            }
            return bean;
        }
    }
}
