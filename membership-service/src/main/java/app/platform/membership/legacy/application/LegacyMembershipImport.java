package app.platform.membership.legacy.application;

import app.platform.errors.InvalidInput;
import app.platform.events.DomainEvent;
import app.platform.events.EventMetadata;
import app.platform.outbox.ReactiveOutbox;
import app.platform.events.membership.DisputeOpened;
import app.platform.events.membership.DisputeResolved;
import app.platform.events.membership.KycSubmitted;
import app.platform.events.membership.PayoutPaid;
import app.platform.events.membership.PayoutScheduled;
import app.platform.legacy.LegacyBatchStep;
import app.platform.legacy.LegacyChange;
import app.platform.legacy.ReactiveLegacyLedger;
import app.platform.legacy.ReactiveLegacyLedger.Outcome;
import app.platform.membership.dispute.domain.DisputeStatus;
import app.platform.membership.kyc.domain.KycDocument;
import app.platform.membership.kyc.domain.KycStatus;
import app.platform.membership.membership.application.MembershipLifecycle;
import app.platform.membership.membership.domain.MembershipStatus;
import app.platform.membership.payout.domain.Money;
import app.platform.membership.payout.domain.PayoutStatus;
import app.platform.membership.queue.application.PayoutQueue;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * The anti-corruption layer of the legacy {@code user_memberships}, {@code membership_queue},
 * {@code kyc_verification}, {@code payout_management} and {@code disputes}: rows keyed by their legacy ids (the queue
 * and KYC by their member), users by their identity user id (the legacy app user's {@code auth_user_id}, learnt from
 * {@code public.users}). A row is read in the domain's terms (statuses by their own parsers, documents and amounts
 * by their factories); the queue changes through {@link PayoutQueue}, whose entry takes its legacy place within the
 * dense queue; a state a legacy row moves to is announced as the native change would announce it, actor
 * {@code legacy-import}.
 */
@Service
public class LegacyMembershipImport {

    public static final String MEMBERSHIPS = "public.user_memberships";
    public static final String QUEUE = "public.membership_queue";
    public static final String KYC = "public.kyc_verification";
    public static final String PAYOUTS = "public.payout_management";
    public static final String DISPUTES = "public.disputes";
    private static final EventMetadata IMPORT = new EventMetadata(null, "legacy-import");

    private final LegacyMembershipStore store;
    private final MembershipLifecycle memberships;
    private final PayoutQueue queue;
    private final ReactiveOutbox outbox;
    private final Clock clock;
    private final Function<LegacyChange, Mono<Outcome>> tables;
    private final ReactiveLegacyLedger ledger;
    /** The queue's imported entries put in their legacy order once per batch, after the batch placed its entries. */
    private final LegacyBatchStep<UUID> ordered;

    public LegacyMembershipImport(ReactiveLegacyLedger ledger, LegacyMembershipStore store,
                                  MembershipLifecycle memberships, PayoutQueue queue, ReactiveOutbox outbox, Clock clock) {
        this.store = store;
        this.memberships = memberships;
        this.queue = queue;
        this.outbox = outbox;
        this.clock = clock;
        this.ledger = ledger;
        this.ordered = new LegacyBatchStep<>(placed -> queue.orderImported());
        this.tables = ledger.forUsers("membership-service", Map.of(MEMBERSHIPS, this::membership, QUEUE, this::queueEntry,
                KYC, this::kyc, PAYOUTS, this::payout, DISPUTES, this::dispute));
        ledger.awaits(PAYOUTS); // a dispute waits for its payout
        // nothing in the import reads the ledger's rows of these again: recorded once per batch (the queue's and KYC's
        // are read by a delete of the member's other row, unlessReplaced, in the same batch too: recorded as applied)
        ledger.recordedPerBatch(MEMBERSHIPS, DISPUTES);
    }

    /**
     * The translation the ledger applies to each captured change ({@link ReactiveLegacyLedger#handleBatch}): the
     * legacy app users are learnt, a row that names one is applied for it ({@link ReactiveLegacyLedger#forUsers}).
     */
    public Mono<Outcome> apply(LegacyChange change) {
        return tables.apply(change);
    }

    private Mono<Outcome> membership(LegacyChange c, UUID user) {
        UUID id = UUID.fromString(c.id());
        if (c.deleted()) {
            return store.delete(MEMBERSHIPS, id).thenReturn(Outcome.done());
        }
        Optional<MembershipStatus> parsed = status(c, MembershipStatus::of);
        String plan = c.text("plan");
        if (parsed.isEmpty() || plan == null) {
            return Mono.just(Outcome.refused("a membership needs a plan and a known status, not " + lower(c.text("status"))));
        }
        MembershipStatus status = parsed.get();
        Instant now = clock.instant();
        return previous(store.upsertMembership(id, user, plan, status, LegacyChange.time(c.row(), "started_at"),
                        LegacyChange.time(c.row(), "ends_at")))
                .flatMap(was -> was.equals(parsed) ? Mono.just(Outcome.done())
                        : memberships.announce(id, user, plan, status, "imported", now, IMPORT).thenReturn(Outcome.done()));
    }

    /**
     * The entry joins right behind the imported entries or keeps its place, and takes its place in legacy order at
     * the batch's end with the others placed in it (they arrive in any order).
     */
    private Mono<Outcome> queueEntry(LegacyChange c, UUID user) {
        if (c.deleted()) {
            return unlessReplaced(c, QUEUE, () -> queue.leaveIfQueued(user, "imported", IMPORT));
        }
        int wanted;
        try {
            wanted = Integer.parseInt(c.text("position"));
        } catch (NumberFormatException e) {
            return Mono.just(Outcome.refused("a queue position is a number"));
        }
        Instant joined = LegacyChange.time(c.row(), "joined_at");
        return queue.place(user, wanted, joined == null ? clock.instant() : joined, IMPORT)
                .then(ordered.keep(user)).thenReturn(Outcome.done());
    }

    private Mono<Outcome> kyc(LegacyChange c, UUID user) {
        if (c.deleted()) {
            return unlessReplaced(c, KYC, () -> store.delete(KYC, user));
        }
        Optional<KycStatus> status = status(c, KycStatus::of);
        if (status.isEmpty()) {
            return Mono.just(Outcome.refused("unknown KYC status " + lower(c.text("status"))));
        }
        Instant submitted = LegacyChange.time(c.row(), "submitted_at");
        // the legacy row has no issuing country: the document keeps what it has, and reads show the country missing
        List<KycDocument> documents = documents(c.text("document_type"), c.text("document_reference"));
        List<String> types = documents.stream().map(KycDocument::type).filter(Objects::nonNull).toList();
        return previous(store.upsertKyc(user, status.get(), documents, submitted, LegacyChange.time(c.row(), "reviewed_at")))
                .flatMap(was -> was.isEmpty() && submitted != null
                        ? announce(new KycSubmitted(user, types, submitted))
                        : Mono.just(Outcome.done()));
    }

    /**
     * A deleted row of a table holding one row per member (the queue, KYC): the member's entry goes only when the
     * ledger holds no other live row of theirs. The legacy app replaces such a row by a delete and an insert under a
     * new id; keyed by their ids, the insert may arrive first, and the delete must not undo it.
     */
    private Mono<Outcome> unlessReplaced(LegacyChange c, String table, java.util.function.Supplier<Mono<?>> remove) {
        return ledger.importedFor(table, UUID.fromString(c.text("user_id")))
                .flatMap(live -> live.stream().anyMatch(id -> !id.equals(c.id())) ? Mono.just(Outcome.done())
                        : remove.get().thenReturn(Outcome.done()));
    }

    private Mono<Outcome> payout(LegacyChange c, UUID user) {
        UUID id = UUID.fromString(c.id());
        if (c.deleted()) {
            return store.delete(PAYOUTS, id).thenReturn(Outcome.done());
        }
        BigDecimal amount;
        try {
            amount = new BigDecimal(c.text("amount"));
        } catch (RuntimeException e) {
            return Mono.just(Outcome.refused("a payout amount is a number"));
        }
        Optional<PayoutStatus> parsed = status(c, PayoutStatus::of);
        Optional<Money> money = money(amount, currency(c.text("currency")));
        Instant scheduled = LegacyChange.time(c.row(), "scheduled_for");
        if (parsed.isEmpty() || money.isEmpty() || scheduled == null) {
            return Mono.just(Outcome.refused("a payout needs a known status, a positive amount, an ISO 4217 currency and a date"));
        }
        PayoutStatus status = parsed.get();
        Money value = money.get();
        Instant paid = LegacyChange.time(c.row(), "paid_at");
        return previous(store.upsertPayout(id, user, value, status, scheduled, paid))
                .flatMap(was -> was.equals(parsed) ? Mono.just(Outcome.done())
                        : announce(switch (status) {
                            case SCHEDULED -> new PayoutScheduled(id, user, value.amount(), value.currency(), scheduled);
                            case PAID -> new PayoutPaid(id, user, value.amount(), value.currency(),
                                    paid == null ? scheduled : paid);
                            default -> null;
                        }));
    }

    private Mono<Outcome> dispute(LegacyChange c, UUID user) {
        UUID id = UUID.fromString(c.id());
        if (c.deleted()) {
            return store.delete(DISPUTES, id).thenReturn(Outcome.done());
        }
        Optional<DisputeStatus> parsed = disputeStatus(c.text("status"));
        if (parsed.isEmpty() || c.text("payout_id") == null) {
            return Mono.just(Outcome.refused("a dispute needs a payout and a known status"));
        }
        DisputeStatus status = parsed.get();
        UUID payout = UUID.fromString(c.text("payout_id"));
        Instant opened = LegacyChange.time(c.row(), "opened_at") == null ? clock.instant() : LegacyChange.time(c.row(), "opened_at");
        Instant resolved = LegacyChange.time(c.row(), "resolved_at");
        return ledger.afterParent(PAYOUTS, payout.toString(), () -> previous(
                        store.upsertDispute(id, user, payout, status, c.text("reason"), opened, resolved))
                .flatMap(was -> was.equals(parsed) ? Mono.just(Outcome.done())
                        : announce(status == DisputeStatus.OPEN ? new DisputeOpened(id, user, "payout", payout, opened)
                        : new DisputeResolved(id, user, status.value(), resolved == null ? clock.instant() : resolved))));
    }

    private Mono<Outcome> announce(DomainEvent event) {
        return event == null ? Mono.just(Outcome.done()) : outbox.append(event, IMPORT).thenReturn(Outcome.done());
    }

    /** The status a row had before an upsert; empty for a new row. */
    private static <S> Mono<Optional<S>> previous(Mono<S> upsert) {
        return upsert.map(Optional::of).defaultIfEmpty(Optional.empty());
    }

    /** The row's status as the domain's own parser reads it (any case); empty when it names no status. */
    private static <S> Optional<S> status(LegacyChange c, Function<String, S> parser) {
        return parsed(c.text("status"), parser);
    }

    // --- the import's readings of legacy values: the import and what the verification expects of it (LegacyTarget)

    /** A legacy status as the domain's own parser reads it (any case); empty when it names no status. */
    public static <S> Optional<S> parsed(String legacy, Function<String, S> parser) {
        try {
            return Optional.of(parser.apply(legacy == null ? "" : legacy));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** A legacy dispute status: a legacy {@code resolved} is the operator's resolution, any other the domain's. */
    public static Optional<DisputeStatus> disputeStatus(String legacy) {
        return lower(legacy).equals("resolved") ? Optional.of(DisputeStatus.RESOLVED_OPERATOR)
                : parsed(legacy, DisputeStatus::of);
    }

    /** A legacy currency as the payout keeps it: its code in upper case (null stays null). */
    public static String currency(String legacy) {
        return legacy == null ? null : legacy.toUpperCase(Locale.ROOT);
    }

    /**
     * The documents of a legacy KYC row ({@link KycDocument#imported}; the legacy row has no issuing country): none
     * when it names neither a type nor a reference.
     */
    public static List<KycDocument> documents(String type, String reference) {
        return type == null && reference == null ? List.of() : List.of(KycDocument.imported(type, null, reference));
    }

    /** The amount as the domain's {@link Money}; empty when it breaks its rules. */
    private static Optional<Money> money(BigDecimal amount, String currency) {
        try {
            return Optional.of(new Money(amount, currency));
        } catch (InvalidInput e) {
            return Optional.empty();
        }
    }

    private static String lower(String value) {
        return value == null ? "" : value.toLowerCase(Locale.ROOT);
    }
}
