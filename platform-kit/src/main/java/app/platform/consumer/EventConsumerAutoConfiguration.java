package app.platform.consumer;

import app.platform.events.EventJson;
import app.platform.events.Topics;
import app.platform.outbox.OutboxPruner;
import app.platform.outbox.ReactiveOutbox;
import java.time.Clock;
import org.apache.kafka.common.TopicPartition;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ContainerCustomizer;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * What every event-driven service needs, wired once: bounded retries then {@code <topic>.dlt} for listeners, and
 * the reactive outbox and idempotent-consumer helpers where R2DBC is present.
 */
@AutoConfiguration(afterName = {
        "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration",
        "org.springframework.boot.r2dbc.autoconfigure.R2dbcTransactionManagerAutoConfiguration",
        "org.springframework.boot.r2dbc.autoconfigure.R2dbcAutoConfiguration",
        "org.springframework.boot.data.r2dbc.autoconfigure.DataR2dbcAutoConfiguration"})
public class EventConsumerAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(KafkaOperations.class)
    static class DeadLetters {

        /** Retries a failing record a few times with back-off, then publishes it with the error to the DLT. */
        @Bean
        @ConditionalOnBean(KafkaOperations.class)
        @ConditionalOnMissingBean(CommonErrorHandler.class)
        DefaultErrorHandler eventErrorHandler(KafkaOperations<?, ?> kafka,
                                              @Value("${platform.events.retry.max-attempts:4}") int attempts,
                                              @Value("${platform.events.retry.initial-interval-ms:200}") long initial) {
            var backOff = new ExponentialBackOff(initial, 2.0);
            backOff.setMaxAttempts(attempts - 1);
            var handler = new DefaultErrorHandler(deadLetters(kafka), backOff);
            handler.addNotRetryableExceptions(EventJson.MalformedEvent.class, IllegalArgumentException.class);
            return handler;
        }

        /**
         * The cutover's importers (listener ids {@code legacy-*}) never give a legacy change up on a transient failure
         * (a deadlock between concurrent batches, a database restart): they retry it with back-off up to every 10 s
         * until it is applied, the partition waiting. A row that cannot be imported is reported by the importer
         * itself; only a malformed record goes to the dead-letter topic.
         */
        @Bean
        @ConditionalOnBean(KafkaOperations.class)
        ContainerCustomizer<Object, Object, ConcurrentMessageListenerContainer<Object, Object>> legacyImportRetries(
                KafkaOperations<?, ?> kafka, @Value("${platform.events.retry.initial-interval-ms:200}") long initial) {
            var backOff = new ExponentialBackOff(initial, 2.0);
            backOff.setMaxInterval(10_000);
            var handler = new DefaultErrorHandler(deadLetters(kafka), backOff);
            handler.addNotRetryableExceptions(EventJson.MalformedEvent.class);
            return container -> {
                if (container.getListenerId() != null && container.getListenerId().startsWith("legacy-")) {
                    container.setCommonErrorHandler(handler);
                }
            };
        }

        /** Publishes a record given up on to {@code <topic>.dlt}, with the error in its headers. */
        private static DeadLetterPublishingRecoverer deadLetters(KafkaOperations<?, ?> kafka) {
            return new DeadLetterPublishingRecoverer(kafka, (rec, ex) -> new TopicPartition(Topics.deadLetter(rec.topic()), -1));
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass({DatabaseClient.class, TransactionalOperator.class})
    @EnableScheduling
    static class Reactive {

        @Bean
        @ConditionalOnBean(DatabaseClient.class)
        @ConditionalOnMissingBean
        @ConditionalOnProperty(name = "platform.outbox.enabled", matchIfMissing = true)
        ReactiveOutbox reactiveOutbox(DatabaseClient db, Clock clock) {
            return new ReactiveOutbox(db, clock);
        }

        @Bean
        @ConditionalOnBean(DatabaseClient.class)
        @ConditionalOnMissingBean
        @ConditionalOnProperty(name = "platform.outbox.enabled", matchIfMissing = true)
        OutboxPruner outboxPruner(DatabaseClient db,
                                  @Value("${platform.outbox.retention:P7D}") java.time.Duration retention) {
            return new OutboxPruner(db, retention);
        }

        @Bean
        @ConditionalOnBean({DatabaseClient.class, ReactiveTransactionManager.class})
        @ConditionalOnMissingBean
        ReactiveIdempotentConsumer reactiveIdempotentConsumer(DatabaseClient db, ReactiveTransactionManager tm) {
            return new ReactiveIdempotentConsumer(db, TransactionalOperator.create(tm));
        }
    }
}
