package app.platform.billing.legacy.application;

import app.platform.billing.method.application.PaymentMethods;
import app.platform.billing.payment.application.PaymentLedger;
import app.platform.billing.payment.domain.Payment;
import app.platform.billing.subscription.application.PlanCatalog;
import app.platform.billing.subscription.application.Subscriptions;
import app.platform.errors.InvalidInput;
import app.platform.legacy.LegacyChange;
import app.platform.legacy.LegacyTarget;
import app.platform.legacy.ReactiveLegacyLedger;
import app.platform.legacy.ReactiveLegacyLedger.Outcome;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;
import tools.jackson.databind.node.ObjectNode;

/**
 * The anti-corruption layer of the legacy {@code user_subscriptions}, {@code user_payments} and
 * {@code user_payment_methods} (empty in production, handled all the same): each row is made into this service's
 * terms by the domain ({@link LegacyBillingRows}) and applied by the services a native change goes through
 * ({@link Subscriptions}, {@link PaymentLedger}, {@link PaymentMethods}), so statuses, prices, amounts, cards and the
 * invariants are the native ones. Rows keep their legacy ids; users are their identity user ids, and a row waits
 * until its legacy app user is imported. A subscription gets no billing schedule (the legacy side charges until the
 * cutover is finalized), and nothing is announced: billing's events drive memberships, whose state comes from their
 * own legacy table. A row the domain or an invariant refuses is reported, not imported, before anything is written.
 *
 * <p>What billing's own tables hold of each table is declared to the ledger ({@link LegacyTarget}, the query from
 * {@link LegacyBillingStore#held}), so the cutover's verification compares them with the legacy rows, and the
 * failback's check the legacy tables with every row billing holds, its own too, as its reverse stream writes them:
 * every legacy column is kept, none dropped; where the import normalises a value (a status in any case, a currency in
 * lower case, an amount in major units, a brand), what billing should hold is made of the legacy row by the same rules
 * ({@link LegacyBillingRows}), which read back what the stream writes.
 */
@Service
public class LegacyBillingImport {

    public static final String SUBSCRIPTIONS = "public.user_subscriptions";
    public static final String PAYMENTS = "public.user_payments";
    public static final String METHODS = "public.user_payment_methods";

    /**
     * The card's columns a legacy table may lack (the demo's does), which the reverse stream never writes (the
     * provider's token never leaves billing): a table without them holds none, as a card written back holds none.
     */
    private static final List<String> CARD_ONLY = List.of("provider_token", "exp_month", "exp_year");

    private final LegacyBillingStore store;
    private final PlanCatalog plans;
    private final Subscriptions subscriptions;
    private final PaymentLedger payments;
    private final PaymentMethods methods;
    private final Clock clock;
    private final Function<LegacyChange, Mono<Outcome>> tables;

    public LegacyBillingImport(ReactiveLegacyLedger ledger, LegacyBillingStore store, PlanCatalog plans,
                               Subscriptions subscriptions, PaymentLedger payments, PaymentMethods methods, Clock clock) {
        this.store = store;
        this.plans = plans;
        this.subscriptions = subscriptions;
        this.payments = payments;
        this.methods = methods;
        this.clock = clock;
        this.tables = ledger.forUsers("billing-service", Map.of(SUBSCRIPTIONS, this::subscription,
                PAYMENTS, this::payment, METHODS, this::method));
        // nothing in the import reads the ledger's rows of these again (only their users'): recorded once per batch
        ledger.recordedPerBatch(SUBSCRIPTIONS, PAYMENTS, METHODS);
        ledger.targets().declare(LegacyTarget.of(SUBSCRIPTIONS, store.held(SUBSCRIPTIONS), Map.of())
                .expecting((target, row, deleted) -> asImported(target, row, deleted, c -> Map.of(
                        "status", LegacyBillingRows.subscription(c, null, plans).subscription().status().code()))));
        ledger.targets().declare(LegacyTarget.of(PAYMENTS, store.held(PAYMENTS), Map.of())
                .expecting((target, row, deleted) -> asImported(target, row, deleted, c -> {
                    Payment payment = LegacyBillingRows.payment(c, null, Instant.EPOCH);
                    return Map.of("amount", payment.amountMinor(), "currency", payment.currency(),
                            "status", payment.status().code());
                })));
        ledger.targets().declare(LegacyTarget.of(METHODS, store.held(METHODS), Map.of())
                .expecting((target, row, deleted) -> asImported(target, withNulls(row, CARD_ONLY), deleted, c -> {
                    LegacyBillingRows.LegacyCard card = LegacyBillingRows.card(c, Instant.EPOCH);
                    return Map.of("provider_token", card.token(), "brand", card.card().brand(),
                            "last4", card.card().last4(), "exp_month", card.card().expMonth(),
                            "exp_year", card.card().expYear());
                })));
    }

    /** The row with each of {@code columns} it lacks as null. */
    private static ObjectNode withNulls(ObjectNode row, List<String> columns) {
        ObjectNode whole = row.deepCopy();
        columns.stream().filter(column -> !row.has(column)).forEach(whole::putNull);
        return whole;
    }

    /**
     * What billing should hold of a legacy row as last imported: nothing once it is deleted (the import deletes it
     * too); otherwise its columns as they are, but for those the import normalises, made of the row by the import's
     * own translation ({@code normalised}, over the row as a change). A row the translation refuses is expected as it
     * is: never imported, it is compared only by the failback's check (a card the reverse stream wrote has no token).
     */
    private static Map<String, Object> asImported(LegacyTarget target, ObjectNode row, boolean deleted,
                                                  Function<LegacyChange, Map<String, Object>> normalised) {
        if (deleted) {
            return null;
        }
        Map<String, Object> held = target.mapped(row);
        try {
            held.putAll(normalised.apply(new LegacyChange(target.table(), "r", row, Instant.EPOCH)));
        } catch (InvalidInput e) {
            // refused by the import: compared as it is
        }
        return held;
    }

    /**
     * The translation the ledger applies to each captured change ({@link ReactiveLegacyLedger#handleBatch}): the
     * legacy app users are learnt, a row that names one is applied for it ({@link ReactiveLegacyLedger#forUsers}).
     */
    public Mono<Outcome> apply(LegacyChange change) {
        return tables.apply(change);
    }

    private Mono<Outcome> subscription(LegacyChange c, UUID user) {
        if (c.deleted()) {
            return ReactiveLegacyLedger.translated(() -> LegacyBillingRows.id(c), "a subscription's id is a UUID",
                    id -> store.delete(SUBSCRIPTIONS, id).thenReturn(Outcome.done()));
        }
        return ReactiveLegacyLedger.translated(() -> LegacyBillingRows.subscription(c, user, plans),
                "a subscription needs a plan of the catalog and a known status",
                legacy -> subscriptions.put(legacy.subscription()).flatMap(put -> !put
                        ? Mono.just(Outcome.refused("a second live subscription of the same member, a cancelled one live"
                                + " again, or an id another member's subscription has"))
                        : backdated(SUBSCRIPTIONS, legacy.subscription().id(), legacy.createdAt())));
    }

    private Mono<Outcome> payment(LegacyChange c, UUID user) {
        if (c.deleted()) {
            return ReactiveLegacyLedger.translated(() -> LegacyBillingRows.id(c), "a payment's id is a UUID",
                    id -> store.delete(PAYMENTS, id).thenReturn(Outcome.done()));
        }
        return ReactiveLegacyLedger.translated(() -> LegacyBillingRows.payment(c, user, clock.instant()),
                "a payment needs a positive amount in whole minor units of an ISO 4217 currency and a known status",
                payment -> payments.put(payment).flatMap(put -> put ? backdated(PAYMENTS, payment.id(), LegacyBillingRows.createdAt(c))
                        : Mono.just(Outcome.refused("a payment whose amount, currency or member changed, or whose id another"
                                + " member's payment has"))));
    }

    /** Done, the row dated as the legacy side says now (a later change of created_at is followed too), if it says. */
    private Mono<Outcome> backdated(String table, UUID id, Instant createdAt) {
        return (createdAt == null ? Mono.<Void>empty() : store.backdate(table, id, createdAt)).thenReturn(Outcome.done());
    }

    private Mono<Outcome> method(LegacyChange c, UUID user) {
        if (c.deleted()) {
            return ReactiveLegacyLedger.translated(() -> LegacyBillingRows.id(c), "a payment method's id is a UUID",
                    id -> methods.removeIfPresent(user, id).thenReturn(Outcome.done()));
        }
        return ReactiveLegacyLedger.translated(() -> LegacyBillingRows.card(c, clock.instant()),
                "a payment method needs the provider's token (never a card number), the last 4 digits and the expiry:"
                        + " the member adds the card again",
                card -> store.cardOwner(card.id()).map(Optional::of).defaultIfEmpty(Optional.empty())
                        .flatMap(owner -> {
                            if (owner.isEmpty()) {
                                return methods.addImported(card.id(), user, card.token(), card.card(), card.createdAt())
                                        .thenReturn(Outcome.done());
                            }
                            return owner.get().equals(user)
                                    ? store.changeCard(card.id(), card.token(), card.card())
                                            .then(backdated(METHODS, card.id(), LegacyBillingRows.createdAt(c)))
                                    : Mono.just(Outcome.refused("a payment method whose id another member's card has"));
                        }));
    }
}
