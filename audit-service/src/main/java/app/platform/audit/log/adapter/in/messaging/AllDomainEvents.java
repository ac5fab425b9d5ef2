package app.platform.audit.log.adapter.in.messaging;

import app.platform.audit.log.application.AppendToAuditLog;
import app.platform.events.EventEnvelope;
import app.platform.events.EventJson;
import app.platform.consumer.ReactiveIdempotentConsumer;
import app.platform.runtime.InfrastructureFailures;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.stereotype.Component;

/**
 * Every event of every {@code <service>.<aggregate>.events} topic is audited exactly once, a polled batch at a
 * time (one transaction, one {@code COPY} per chain). A malformed record, or an event the log cannot hold (a value
 * longer than its column): the records before it are audited, then it is named to the error handler, which sends it
 * to the dead-letter topic and goes on after it; the batch's other events are never dead-lettered with it.
 */
@Component
public class AllDomainEvents {

    private final ReactiveIdempotentConsumer idempotent;
    private final AppendToAuditLog append;

    AllDomainEvents(ReactiveIdempotentConsumer idempotent, AppendToAuditLog append) {
        this.idempotent = idempotent;
        this.append = append;
    }

    // A backlog is read up to 5,000 events a poll, 4 MB a partition (the defaults are 500 and 1 MB): a batch's statements
    // are few whatever its size, and every batch waits its turn for the system chain, so catching up goes faster
    // (AuditBench, 200,000 events: 28,341/s with 2,000 a poll, 37,720/s with 5,000); live traffic polls few at a time.
    @KafkaListener(topicPattern = "[a-z]+\\.[a-z_]+\\.events", batch = "true",
            properties = {"max.poll.records=5000", "max.partition.fetch.bytes=4194304"})
    public void on(List<String> messages) {
        List<EventEnvelope> events = new ArrayList<>(messages.size());
        for (int i = 0; i < messages.size(); i++) {
            try {
                events.add(EventJson.read(messages.get(i)));
            } catch (EventJson.MalformedEvent e) {
                audit(events);
                throw new BatchListenerFailedException("malformed event", e, i);
            }
        }
        audit(events);
    }

    /**
     * The events in one append; if that fails for a reason of the events (not the infrastructure's, which the error
     * handler retries), one by one, to name the one that fails.
     */
    private void audit(List<EventEnvelope> events) {
        try {
            append(events);
        } catch (RuntimeException failed) {
            if (InfrastructureFailures.transientFailure(failed)) {
                throw failed;
            }
            for (int i = 0; i < events.size(); i++) {
                try {
                    append(List.of(events.get(i)));
                } catch (RuntimeException e) {
                    throw new BatchListenerFailedException("an event the audit log cannot hold", e, i);
                }
            }
        }
    }

    private void append(List<EventEnvelope> events) {
        idempotent.onceEach(events, append::appendAll).block(Duration.ofSeconds(60));
    }
}
