package app.platform.kafka;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.apache.kafka.common.security.scram.ScramLoginModule;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

/**
 * {@code kafka.*}: how every Kafka client of a service authenticates, set by the environment as
 * {@code KAFKA_SECURITY_PROTOCOL} ({@code PLAINTEXT} when empty), {@code KAFKA_SASL_MECHANISM} ({@code SCRAM-SHA-512}),
 * {@code KAFKA_USERNAME}, {@code KAFKA_PASSWORD}, {@code KAFKA_TRUSTSTORE_LOCATION} (the broker's CA, e.g. Strimzi's
 * {@code ca.crt}), {@code KAFKA_TRUSTSTORE_TYPE} ({@code PEM}) and {@code KAFKA_TRUSTSTORE_PASSWORD} (none for PEM).
 * <p>
 * One rule: a username means SASL/SCRAM (over {@code SASL_SSL}, or {@code SASL_PLAINTEXT} on a private network), no
 * username means no SASL; the default, plaintext, adds nothing to the clients (the launcher's broker on loopback, the
 * tests). A setting that contradicts another (a username without a SASL protocol, a SASL protocol without credentials,
 * a truststore without TLS) stops the start, naming the variables and never a value. {@link #toString()} hides the
 * passwords; the clients get them in {@code sasl.jaas.config} and {@code ssl.truststore.password}, which Kafka prints as
 * {@code [hidden]}. Bound by {@link #of(Environment)} alone, never a bean, so no endpoint lists it.
 */
public record KafkaClientSecurity(String securityProtocol, String saslMechanism, String username, String password,
                                  String truststoreLocation, String truststoreType, String truststorePassword) {

    /** The prefix; relaxed binding reads {@code kafka.username} from {@code KAFKA_USERNAME}, and so on. */
    public static final String PREFIX = "kafka";

    public KafkaClientSecurity {
        securityProtocol = orElse(securityProtocol, "PLAINTEXT").toUpperCase(Locale.ROOT);
        saslMechanism = orElse(saslMechanism, "SCRAM-SHA-512").toUpperCase(Locale.ROOT);
        username = orElse(username, "");
        password = password == null ? "" : password;
        truststoreLocation = orElse(truststoreLocation, "");
        truststoreType = orElse(truststoreType, "PEM").toUpperCase(Locale.ROOT);
        truststorePassword = truststorePassword == null ? "" : truststorePassword;
        if (!SecurityProtocol.names().contains(securityProtocol)) {
            throw new IllegalArgumentException("KAFKA_SECURITY_PROTOCOL must be one of " + SecurityProtocol.names());
        }
        boolean sasl = securityProtocol.startsWith("SASL_");
        if (sasl && (username.isEmpty() || password.isEmpty())) {
            throw new IllegalArgumentException("KAFKA_SECURITY_PROTOCOL " + securityProtocol
                    + " authenticates: KAFKA_USERNAME and KAFKA_PASSWORD are required");
        }
        if (!sasl && !username.isEmpty()) {
            throw new IllegalArgumentException("KAFKA_USERNAME is set but KAFKA_SECURITY_PROTOCOL is " + securityProtocol
                    + ": SASL_SSL (or SASL_PLAINTEXT) authenticates it");
        }
        if (sasl && !saslMechanism.startsWith("SCRAM-SHA-")) {
            throw new IllegalArgumentException("KAFKA_SASL_MECHANISM must be SCRAM-SHA-512 or SCRAM-SHA-256");
        }
        if (!truststoreLocation.isEmpty() && !securityProtocol.endsWith("SSL")) {
            throw new IllegalArgumentException("KAFKA_TRUSTSTORE_LOCATION is set but KAFKA_SECURITY_PROTOCOL "
                    + securityProtocol + " has no TLS: SASL_SSL (or SSL) uses it");
        }
    }

    /** The settings as the service's environment gives them; a contradiction fails here. */
    public static KafkaClientSecurity of(Environment environment) {
        return Binder.get(environment).bindOrCreate(PREFIX, KafkaClientSecurity.class);
    }

    /**
     * The properties every Kafka client (producer, consumer, admin) gets on top of its own: none in plaintext;
     * otherwise the protocol, with a username SASL's mechanism and its {@link ScramLoginModule} login, with a
     * truststore the broker's CA.
     */
    public Map<String, String> clientProperties() {
        if (securityProtocol.equals(SecurityProtocol.PLAINTEXT.name)) {
            return Map.of();
        }
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, securityProtocol);
        if (authenticated()) {
            properties.put(SaslConfigs.SASL_MECHANISM, saslMechanism);
            properties.put(SaslConfigs.SASL_JAAS_CONFIG, ScramLoginModule.class.getName() + " required username=\""
                    + jaasQuoted(username) + "\" password=\"" + jaasQuoted(password) + "\";");
        }
        if (!truststoreLocation.isEmpty()) {
            properties.put(SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG, truststoreLocation);
            properties.put(SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG, truststoreType);
            if (!truststorePassword.isEmpty()) {
                properties.put(SslConfigs.SSL_TRUSTSTORE_PASSWORD_CONFIG, truststorePassword);
            }
        }
        return Collections.unmodifiableMap(properties);
    }

    /**
     * What an authenticated service's consumers get on top: they never ask the broker to create a topic (they are not
     * allowed to: the broker would answer a missing one with an authorization error), they wait for it.
     */
    public Map<String, String> consumerProperties() {
        return authenticated() ? Map.of(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false") : Map.of();
    }

    /** Whether the clients log in (SASL): then the broker authorizes each of their requests. */
    public boolean authenticated() {
        return !username.isEmpty();
    }

    @Override
    public String toString() {
        return "KafkaClientSecurity[securityProtocol=" + securityProtocol + ", saslMechanism=" + saslMechanism
                + ", username=" + username + ", password=" + hidden(password) + ", truststoreLocation="
                + truststoreLocation + ", truststoreType=" + truststoreType + ", truststorePassword="
                + hidden(truststorePassword) + "]";
    }

    /** A JAAS option value inside double quotes: its backslashes and quotes escaped. */
    private static String jaasQuoted(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    private static String hidden(String secret) {
        return secret.isEmpty() ? "" : "[hidden]";
    }

    private static String orElse(String value, String otherwise) {
        return value == null || value.isBlank() ? otherwise : value.trim();
    }
}
