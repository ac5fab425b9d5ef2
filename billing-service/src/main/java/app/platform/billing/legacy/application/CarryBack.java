package app.platform.billing.legacy.application;

import app.platform.events.EventEnvelope;
import app.platform.events.billing.AgreementAccepted;
import app.platform.events.billing.PaymentFailed;
import app.platform.events.billing.PaymentMethodAdded;
import app.platform.events.billing.PaymentRefunded;
import app.platform.events.billing.PaymentSucceeded;
import app.platform.events.billing.ProviderWebhookRejected;
import app.platform.events.billing.SubscriptionCancelled;
import app.platform.events.billing.SubscriptionRenewed;
import app.platform.events.billing.SubscriptionStarted;
import app.platform.events.billing.TaxFormSubmitted;
import app.platform.events.billing.TransactionFlagged;
import app.platform.failback.LegacyWriter;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Service;

/**
 * The reverse stream of billing (failback): an event of a subscription, a payment or a card writes its member's
 * billing as billing holds it now ({@link LegacyBilling#writeUser}), so a later event repairs whatever an earlier one
 * missed, and changes that have no event of their own (a card removed, a subscription past due) reach the legacy
 * tables with the member's next event. The member is the event's {@code userId} (its aggregate is the subscription,
 * payment or card). What the legacy tables cannot hold is named per type ({@link #NOT_CARRIED}); what came from the
 * legacy database is already there.
 */
@Service
@ConditionalOnProperty(name = "platform.failback.enabled", havingValue = "true")
public class CarryBack {

    static final Set<String> USER_CHANGES = Set.of(SubscriptionStarted.TYPE, SubscriptionRenewed.TYPE,
            SubscriptionCancelled.TYPE, PaymentSucceeded.TYPE, PaymentFailed.TYPE, PaymentRefunded.TYPE,
            PaymentMethodAdded.TYPE);
    /** Every other billing event type, with why the legacy tables do not get it. */
    public static final Map<String, String> NOT_CARRIED = Map.of(
            AgreementAccepted.TYPE, "agreements: the legacy app has no agreements table",
            TaxFormSubmitted.TYPE, "tax forms: the legacy app has no tax forms table; the tax id stays sealed here",
            TransactionFlagged.TYPE, "transaction monitoring: the legacy app has no monitoring table",
            ProviderWebhookRejected.TYPE, "provider webhooks: the legacy app keeps no log of the provider's webhooks");

    private final LegacyBilling billing;

    public CarryBack(LegacyBilling billing) {
        this.billing = billing;
    }

    public void on(EventEnvelope event) {
        if (LegacyWriter.imported(event)) {
            billing.notCarried(event, LegacyWriter.IMPORTED);
        } else if (USER_CHANGES.contains(event.eventType())) {
            billing.writeUser(event, UUID.fromString(event.data().path("userId").asString()));
        } else {
            billing.notCarried(event, NOT_CARRIED.getOrDefault(event.eventType(),
                    "an event type the reverse stream does not know"));
        }
    }
}
