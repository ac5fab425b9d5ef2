package app.platform.events;

/**
 * A fact that happened in one aggregate. Implemented by the event records; the logical type name, not the
 * Java class name, is what travels on the wire.
 */
public interface DomainEvent {

    /** Logical, past-tense type name, e.g. {@code UserRegistered}. */
    String eventType();

    /** Aggregate type, e.g. {@code identity.user}; the topic is {@code <aggregateType>.events}. */
    String aggregateType();

    /** Aggregate id: the Kafka key, so order is kept per aggregate. */
    String aggregateId();

    default int schemaVersion() {
        return 1;
    }
}
