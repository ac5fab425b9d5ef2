package app.platform.testkit;

/** The bootstrap servers of the shared test broker. */
public record KafkaBootstrap(String servers) {
}
