package app.platform.consumer;

import app.platform.events.EventJson;
import app.platform.events.Topics;
import app.platform.runtime.InfrastructureFailures;
import java.time.Clock;
import org.apache.kafka.common.TopicPartition;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.boot.kafka.autoconfigure.ConcurrentKafkaListenerContainerFactoryConfigurer;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * What every event-driven service needs, wired once: bounded retries then {@code <topic>.dlt} for listeners (or,
 * declared by name, retries for ever), and the reactive idempotent consumer where R2DBC is present.
 */
@AutoConfiguration(afterName = {
        "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration",
        "org.springframework.boot.r2dbc.autoconfigure.R2dbcTransactionManagerAutoConfiguration",
        "org.springframework.boot.r2dbc.autoconfigure.R2dbcAutoConfiguration",
        "org.springframework.boot.data.r2dbc.autoconfigure.DataR2dbcAutoConfiguration"})
@EnableScheduling
@EnableConfigurationProperties(EventRetryProperties.class)
public class EventConsumerAutoConfiguration {

    /** The listener container factory that retries a record for ever (the cutover's importers). */
    public static final String RETRY_FOREVER = "retryForeverListenerFactory";

    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(KafkaOperations.class)
    static class DeadLetters {

        /**
         * Retries a failing record a few times with back-off, then publishes it with the error to the DLT; a failure
         * of the infrastructure ({@link InfrastructureFailures#transientFailure}: the database or a connection away for a
         * while) is not the record's, so that record is retried until it is applied, the partition waiting, and
         * never given up on.
         */
        @Bean
        @ConditionalOnBean(KafkaOperations.class)
        @ConditionalOnMissingBean(CommonErrorHandler.class)
        DefaultErrorHandler eventErrorHandler(KafkaOperations<?, ?> kafka, EventRetryProperties retry) {
            var backOff = new ExponentialBackOff(retry.initialIntervalMs().toMillis(), 2.0);
            backOff.setMaxAttempts(retry.maxAttempts() - 1);
            var handler = new DefaultErrorHandler(deadLetters(kafka), backOff);
            handler.addNotRetryableExceptions(EventJson.MalformedEvent.class, IllegalArgumentException.class);
            handler.setBackOffFunction((record, failure) -> InfrastructureFailures.transientFailure(failure) ? forever(retry) : null);
            return quiet(handler);
        }

        /**
         * The handler's retries said by {@link Failures#logRetry} only (types and SQL states: a driver's message names
         * a row's values), Spring Kafka's own log of each failure with its whole chain kept to DEBUG.
         */
        private static DefaultErrorHandler quiet(DefaultErrorHandler handler) {
            handler.setLogLevel(org.springframework.kafka.KafkaException.Level.DEBUG);
            handler.setRetryListeners(Failures::logRetry);
            return handler;
        }

        /** Back-off doubling from the initial interval up to every 10 s, without end. */
        private static ExponentialBackOff forever(EventRetryProperties retry) {
            var backOff = new ExponentialBackOff(retry.initialIntervalMs().toMillis(), 2.0);
            backOff.setMaxInterval(10_000);
            return backOff;
        }

        /**
         * The listener container factory of the cutover's importers, named on their {@code @KafkaListener}
         * ({@code containerFactory = RETRY_FOREVER}): a legacy change is never given up on a transient failure (a
         * deadlock between concurrent batches, a database restart); it is retried with back-off up to every 10 s until
         * it is applied, the partition waiting. A change that cannot be applied is parked by the legacy ledger as a
         * problem of its row; only a malformed record (or one that can be neither applied nor parked) goes to the
         * dead-letter topic.
         */
        @Bean(RETRY_FOREVER)
        @ConditionalOnBean({KafkaOperations.class, ConsumerFactory.class})
        ConcurrentKafkaListenerContainerFactory<Object, Object> retryForeverListenerFactory(
                ConcurrentKafkaListenerContainerFactoryConfigurer configurer, ConsumerFactory<Object, Object> consumers,
                KafkaOperations<?, ?> kafka, EventRetryProperties retry) {
            var handler = quiet(new DefaultErrorHandler(deadLetters(kafka), forever(retry)));
            handler.addNotRetryableExceptions(EventJson.MalformedEvent.class);
            var factory = new ConcurrentKafkaListenerContainerFactory<Object, Object>();
            configurer.configure(factory, consumers);
            factory.setCommonErrorHandler(handler);
            return factory;
        }

        /**
         * Publishes a record given up on to {@code <topic>.dlt}, with the exception's and its cause's types in its
         * headers, not their messages or stack trace (a driver's message names a row's values).
         */
        private static DeadLetterPublishingRecoverer deadLetters(KafkaOperations<?, ?> kafka) {
            var recoverer = new DeadLetterPublishingRecoverer(kafka,
                    (rec, ex) -> new TopicPartition(Topics.deadLetter(rec.topic()), -1));
            recoverer.excludeHeader(DeadLetterPublishingRecoverer.HeaderNames.HeadersToAdd.EX_MSG,
                    DeadLetterPublishingRecoverer.HeaderNames.HeadersToAdd.EX_STACKTRACE);
            return recoverer;
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass({DatabaseClient.class, TransactionalOperator.class})
    static class Reactive {

        @Bean
        @ConditionalOnBean({DatabaseClient.class, ReactiveTransactionManager.class})
        @ConditionalOnMissingBean
        ReactiveIdempotentConsumer reactiveIdempotentConsumer(DatabaseClient db, ReactiveTransactionManager tm) {
            return new ReactiveIdempotentConsumer(db, TransactionalOperator.create(tm));
        }
    }
}
