package app.platform.events.billing;

import app.platform.events.DomainEvent;
import java.util.UUID;

/** An event of a payment: keyed by the payment id, on {@code billing.payment.events}. */
public interface PaymentEvent extends DomainEvent {

    UUID paymentId();

    @Override
    default String aggregateType() {
        return "billing.payment";
    }

    @Override
    default String aggregateId() {
        return paymentId().toString();
    }
}
