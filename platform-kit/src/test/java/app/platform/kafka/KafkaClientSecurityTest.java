package app.platform.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.security.auth.login.AppConfigurationEntry;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.security.JaasContext;
import org.apache.kafka.common.security.scram.ScramLoginModule;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaAdmin;

/** Kafka clients authenticate as the environment says, by one rule; plaintext, the default, changes nothing. */
class KafkaClientSecurityTest {

    /** A password a JAAS line must quote: a double quote, a backslash, a semicolon. */
    static final String PASSWORD = "pa\"ss\\word;42";
    static final Map<String, Object> SCRAM_OVER_TLS = Map.of("KAFKA_SECURITY_PROTOCOL", "SASL_SSL",
            "KAFKA_USERNAME", "profile-service", "KAFKA_PASSWORD", PASSWORD,
            "KAFKA_TRUSTSTORE_LOCATION", "/etc/kafka-ca/ca.crt");

    static final AutoConfigurations CLIENTS = AutoConfigurations.of(KafkaAutoConfiguration.class,
            KafkaClientSecurityAutoConfiguration.class);

    @Test
    void withoutAUsernameTheClientsGetNothingAtAll() {
        KafkaClientSecurity plaintext = KafkaClientSecurity.of(environment(Map.of()));
        assertThat(plaintext.authenticated()).isFalse();
        assertThat(plaintext.clientProperties()).isEmpty();
        assertThat(plaintext.consumerProperties()).isEmpty();
        assertThat(KafkaClientSecurity.of(environment(Map.of("KAFKA_USERNAME", "", "KAFKA_PASSWORD", "",
                "KAFKA_SECURITY_PROTOCOL", ""))).clientProperties()).isEmpty();
    }

    @Test
    void aUsernameLogsInWithScramOverTheProtocolTrustingTheBrokersCa() {
        KafkaClientSecurity security = KafkaClientSecurity.of(environment(SCRAM_OVER_TLS));
        Map<String, String> properties = security.clientProperties();

        assertThat(properties).containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry("ssl.truststore.location", "/etc/kafka-ca/ca.crt")
                .containsEntry("ssl.truststore.type", "PEM")
                .doesNotContainKey("ssl.truststore.password");
        // the login as Kafka reads it: the module, and the credentials exactly, however they must be quoted
        List<AppConfigurationEntry> login = JaasContext.loadClientContext(new AdminClientConfig(client(properties)).values())
                .configurationEntries();
        assertThat(login).singleElement().satisfies(entry -> {
            assertThat(entry.getLoginModuleName()).isEqualTo(ScramLoginModule.class.getName());
            assertThat(entry.getControlFlag()).isEqualTo(AppConfigurationEntry.LoginModuleControlFlag.REQUIRED);
            assertThat(entry.getOptions().get("username")).isEqualTo("profile-service");
            assertThat(entry.getOptions().get("password")).isEqualTo(PASSWORD);
        });
        // authorized, its consumers may not create topics: they wait for a missing one
        assertThat(security.consumerProperties()).containsExactly(Map.entry("allow.auto.create.topics", "false"));
    }

    @Test
    void thePasswordsAreNeverPrinted() {
        Map<String, Object> env = new HashMap<>(SCRAM_OVER_TLS);
        env.put("KAFKA_TRUSTSTORE_TYPE", "PKCS12");
        env.put("KAFKA_TRUSTSTORE_PASSWORD", "truststore-secret");
        KafkaClientSecurity security = KafkaClientSecurity.of(environment(env));

        assertThat(security.toString()).contains("profile-service", "SASL_SSL", "[hidden]")
                .doesNotContain(PASSWORD, "truststore-secret");
        // what a Kafka client logs of its configuration ("AdminClientConfig values: ...")
        assertThat(new AdminClientConfig(client(security.clientProperties())).values().toString())
                .contains("sasl.jaas.config=[hidden]", "ssl.truststore.password=[hidden]")
                .doesNotContain(PASSWORD, "truststore-secret");
    }

    @Test
    void settingsThatContradictEachOtherStopTheStartNamingTheVariablesNeverAValue() {
        assertThatThrownBy(() -> KafkaClientSecurity.of(environment(Map.of("KAFKA_SECURITY_PROTOCOL", "SASL_SSL",
                "KAFKA_PASSWORD", PASSWORD))))
                .rootCause().hasMessageContaining("KAFKA_USERNAME and KAFKA_PASSWORD are required")
                .hasMessageNotContaining(PASSWORD);
        assertThatThrownBy(() -> KafkaClientSecurity.of(environment(Map.of("KAFKA_USERNAME", "profile-service",
                "KAFKA_PASSWORD", PASSWORD))))
                .rootCause().hasMessageContaining("KAFKA_USERNAME is set but KAFKA_SECURITY_PROTOCOL is PLAINTEXT")
                .hasMessageNotContaining(PASSWORD);
        assertThatThrownBy(() -> KafkaClientSecurity.of(environment(Map.of("KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT",
                "KAFKA_USERNAME", "profile-service", "KAFKA_PASSWORD", PASSWORD, "KAFKA_SASL_MECHANISM", "PLAIN"))))
                .rootCause().hasMessageContaining("KAFKA_SASL_MECHANISM");
        assertThatThrownBy(() -> KafkaClientSecurity.of(environment(Map.of("KAFKA_TRUSTSTORE_LOCATION", "/ca.crt"))))
                .rootCause().hasMessageContaining("KAFKA_TRUSTSTORE_LOCATION is set but KAFKA_SECURITY_PROTOCOL PLAINTEXT");
        assertThatThrownBy(() -> KafkaClientSecurity.of(environment(Map.of("KAFKA_SECURITY_PROTOCOL", "TLS"))))
                .rootCause().hasMessageContaining("KAFKA_SECURITY_PROTOCOL must be one of");
    }

    @Test
    void everyClientSpringBootMakesAuthenticatesTheProducersTheConsumersAndTheAdmin() {
        new ApplicationContextRunner()
                .withConfiguration(CLIENTS)
                .withInitializer(context -> useEnvironment(context.getEnvironment(), SCRAM_OVER_TLS))
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    DefaultKafkaProducerFactory<?, ?> producers = context.getBean(DefaultKafkaProducerFactory.class);
                    DefaultKafkaConsumerFactory<?, ?> consumers = context.getBean(DefaultKafkaConsumerFactory.class);
                    for (Map<String, Object> client : List.of(producers.getConfigurationProperties(),
                            consumers.getConfigurationProperties(), context.getBean(KafkaAdmin.class).getConfigurationProperties())) {
                        assertThat(client).containsEntry("security.protocol", "SASL_SSL")
                                .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                                .containsEntry("ssl.truststore.location", "/etc/kafka-ca/ca.crt")
                                .hasEntrySatisfying("sasl.jaas.config", jaas -> assertThat(jaas.toString())
                                        .startsWith(ScramLoginModule.class.getName() + " required"));
                    }
                    // an authorized consumer waits for a missing topic (it may not create one); a listener retries
                    // an authorization failure instead of stopping for good
                    assertThat(consumers.getConfigurationProperties()).containsEntry("allow.auto.create.topics", "false");
                    assertThat(producers.getConfigurationProperties()).doesNotContainKey("allow.auto.create.topics");
                    assertThat(context.getBean(ConcurrentKafkaListenerContainerFactory.class).getContainerProperties()
                            .getAuthExceptionRetryInterval()).isEqualTo(KafkaClientSecurityAutoConfiguration.AUTHORIZATION_RETRY);
                });
    }

    @Test
    void everyConsumerReadsCommittedRecordsOnlyAndCommitsPastTheMarkersUnlessTheServiceSaysOtherwise() {
        new ApplicationContextRunner()
                .withConfiguration(CLIENTS)
                .withInitializer(context -> useEnvironment(context.getEnvironment(), Map.of()))
                .run(context -> {
                    assertThat(context.getBean(DefaultKafkaConsumerFactory.class).getConfigurationProperties())
                            .containsEntry("isolation.level", "read_committed");
                    assertThat(context.getBean(ConcurrentKafkaListenerContainerFactory.class).getContainerProperties()
                            .isFixTxOffsets()).as("positions committed past the transactions' markers").isTrue();
                });
        new ApplicationContextRunner()
                .withConfiguration(CLIENTS)
                .withInitializer(context -> useEnvironment(context.getEnvironment(), Map.of()))
                .withPropertyValues("spring.kafka.consumer.isolation-level=read-uncommitted")
                .run(context -> assertThat(context.getBean(DefaultKafkaConsumerFactory.class).getConfigurationProperties())
                        .containsEntry("isolation.level", "read_uncommitted"));
    }

    @Test
    void plaintextLeavesSpringBootsClientsAsTheyWere() {
        new ApplicationContextRunner()
                .withConfiguration(CLIENTS)
                .withInitializer(context -> useEnvironment(context.getEnvironment(), Map.of()))
                .run(context -> {
                    assertThat(context.getBean(KafkaAdmin.class).getConfigurationProperties())
                            .doesNotContainKeys("security.protocol", "sasl.mechanism", "sasl.jaas.config");
                    DefaultKafkaConsumerFactory<?, ?> consumers = context.getBean(DefaultKafkaConsumerFactory.class);
                    assertThat(consumers.getConfigurationProperties()).doesNotContainKey("allow.auto.create.topics");
                    assertThat(context.getBean(ConcurrentKafkaListenerContainerFactory.class).getContainerProperties()
                            .getAuthExceptionRetryInterval()).isNull();
                });
    }

    @Test
    void aContradictionStopsTheServiceBeforeAnyClientIsMade() {
        new ApplicationContextRunner()
                .withConfiguration(CLIENTS)
                .withInitializer(context -> useEnvironment(context.getEnvironment(),
                        Map.of("KAFKA_SECURITY_PROTOCOL", "SASL_SSL")))
                .run(context -> assertThat(context).hasFailed().getFailure()
                        .rootCause().hasMessageContaining("KAFKA_USERNAME and KAFKA_PASSWORD are required"));
    }

    /** An environment whose operating-system variables are exactly these. */
    static StandardEnvironment environment(Map<String, Object> variables) {
        StandardEnvironment environment = new StandardEnvironment();
        useEnvironment(environment, variables);
        return environment;
    }

    static void useEnvironment(ConfigurableEnvironment environment, Map<String, Object> variables) {
        environment.getPropertySources().replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables));
    }

    static Map<String, Object> client(Map<String, String> security) {
        Map<String, Object> config = new HashMap<>(security);
        config.put("bootstrap.servers", "localhost:9093");
        return config;
    }
}
