package app.platform.billing.monitoring.adapter.in.messaging;

import app.platform.billing.monitoring.application.Monitoring;
import app.platform.events.EventEnvelope;
import app.platform.events.EventJson;
import app.platform.events.EventMetadata;
import app.platform.events.Topics;
import app.platform.consumer.ReactiveIdempotentConsumer;
import app.platform.events.membership.KycApproved;
import app.platform.events.membership.KycRejected;
import app.platform.events.membership.KycSubmitted;
import app.platform.events.membership.PayoutApproved;
import app.platform.events.membership.PayoutPaid;
import app.platform.events.membership.PayoutScheduled;
import java.time.Duration;
import java.util.UUID;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** Membership's KYC decisions (kept for the payout rule) and payouts (judged by it); each event applied once. */
@Component
class MembershipEvents {

    private final ReactiveIdempotentConsumer idempotent;
    private final Monitoring monitoring;

    MembershipEvents(ReactiveIdempotentConsumer idempotent, Monitoring monitoring) {
        this.idempotent = idempotent;
        this.monitoring = monitoring;
    }

    @KafkaListener(topics = {Topics.MEMBERSHIP_KYC, Topics.MEMBERSHIP_PAYOUT})
    void on(String message) {
        EventEnvelope event = EventJson.read(message);
        EventMetadata metadata = EventMetadata.causedBy(event, "billing-service");
        Mono<?> work = switch (event.eventType()) {
            case KycApproved.TYPE -> idempotent.once(event, e -> {
                KycApproved k = e.dataAs(KycApproved.class);
                return monitoring.kycChanged(k.userId(), "approved", k.expiresAt());
            });
            case KycRejected.TYPE -> idempotent.once(event, e -> monitoring.kycChanged(uuid(e), "rejected", null));
            case KycSubmitted.TYPE -> idempotent.once(event, e -> monitoring.kycChanged(uuid(e), "submitted", null));
            case PayoutScheduled.TYPE -> idempotent.once(event, e -> {
                PayoutScheduled p = e.dataAs(PayoutScheduled.class);
                return monitoring.payout(p.payoutId(), p.userId(), "scheduled", metadata);
            });
            case PayoutApproved.TYPE -> idempotent.once(event, e -> {
                PayoutApproved p = e.dataAs(PayoutApproved.class);
                return monitoring.payout(p.payoutId(), p.userId(), "approved", metadata);
            });
            case PayoutPaid.TYPE -> idempotent.once(event, e -> {
                PayoutPaid p = e.dataAs(PayoutPaid.class);
                return monitoring.payout(p.payoutId(), p.userId(), "paid", metadata);
            });
            default -> Mono.empty();
        };
        work.block(Duration.ofSeconds(30));
    }

    private static UUID uuid(EventEnvelope e) {
        return UUID.fromString(e.aggregateId());
    }
}
