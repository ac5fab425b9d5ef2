package app.platform.membership.legacy.application;

import app.platform.events.DomainEvent;
import app.platform.events.EventMetadata;
import app.platform.outbox.ReactiveOutbox;
import app.platform.events.membership.DisputeOpened;
import app.platform.events.membership.DisputeResolved;
import app.platform.events.membership.KycSubmitted;
import app.platform.events.membership.MembershipActivated;
import app.platform.events.membership.MembershipCancelled;
import app.platform.events.membership.MembershipExpired;
import app.platform.events.membership.MembershipPaused;
import app.platform.events.membership.PayoutPaid;
import app.platform.events.membership.PayoutScheduled;
import app.platform.events.membership.QueueJoined;
import app.platform.events.membership.QueueLeft;
import app.platform.legacy.LegacyChange;
import app.platform.legacy.ReactiveLegacyLedger;
import app.platform.legacy.ReactiveLegacyLedger.Outcome;
import app.platform.membership.kyc.domain.KycDocument;
import app.platform.membership.queue.application.PayoutQueue.Entry;
import app.platform.membership.queue.application.PayoutQueue.QueueStore;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * The anti-corruption layer of the legacy {@code user_memberships}, {@code membership_queue},
 * {@code kyc_verification}, {@code payout_management} and {@code disputes}: rows keyed by their legacy ids (the queue
 * and KYC by their member), users by their identity user id (the legacy app user's {@code auth_user_id}, learnt from
 * {@code public.users}). A queue entry takes its legacy position within the dense queue (under the queue's lock);
 * a state a legacy row moves to is announced as the native change would announce it, actor {@code legacy-import}.
 */
@Service
public class LegacyMembershipImport {

    public static final String MEMBERSHIPS = "public.user_memberships";
    public static final String QUEUE = "public.membership_queue";
    public static final String KYC = "public.kyc_verification";
    public static final String PAYOUTS = "public.payout_management";
    public static final String DISPUTES = "public.disputes";
    private static final EventMetadata IMPORT = new EventMetadata(null, "legacy-import");
    private static final Map<String, String> DISPUTE_STATES = Map.of("open", "open", "resolved", "resolved_operator",
            "resolved_member", "resolved_member", "resolved_operator", "resolved_operator", "withdrawn", "withdrawn");

    /** The membership tables as the importer writes them; each upsert emits the status the row had (empty: new). */
    public interface LegacyMembershipStore {
        Mono<String> upsertMembership(UUID id, UUID user, String plan, String status, Instant startedAt, Instant endsAt);

        /** The documents as the domain made them from the legacy row (a field it lacks is left out, never invented). */
        Mono<String> upsertKyc(UUID user, String status, List<KycDocument> documents, Instant submittedAt,
                               Instant reviewedAt);

        Mono<String> upsertPayout(UUID id, UUID user, BigDecimal amount, String currency, String status,
                                  Instant scheduledFor, Instant paidAt);

        Mono<String> upsertDispute(UUID id, UUID user, UUID payout, String status, String reason, Instant openedAt,
                                   Instant resolvedAt);

        Mono<Void> delete(String table, UUID id);

        /** How many imported queue entries (other than this legacy one) have a smaller legacy position. */
        Mono<Integer> importedAhead(String legacyQueueId, int legacyPosition);
    }

    private final ReactiveLegacyLedger ledger;
    private final LegacyMembershipStore store;
    private final QueueStore queue;
    private final ReactiveOutbox outbox;
    private final Clock clock;
    private final java.util.function.Function<LegacyChange, Mono<Outcome>> apply;

    public LegacyMembershipImport(ReactiveLegacyLedger ledger, LegacyMembershipStore store, QueueStore queue,
                                  ReactiveOutbox outbox, Clock clock) {
        this.ledger = ledger;
        this.store = store;
        this.queue = queue;
        this.outbox = outbox;
        this.clock = clock;
        this.apply = ledger.forUsers("membership-service", Map.of(MEMBERSHIPS, this::membership, QUEUE, this::queueEntry,
                KYC, this::kyc, PAYOUTS, this::payout, DISPUTES, this::dispute));
    }

    /** A polled batch of captured changes, in one transaction ({@link ReactiveLegacyLedger#handleBatch}). */
    public void handleBatch(List<String> values) {
        ledger.handleBatch(values, apply);
    }

    private Mono<Outcome> membership(LegacyChange c, UUID user) {
        UUID id = UUID.fromString(c.id());
        if (c.deleted()) {
            return store.delete(MEMBERSHIPS, id).thenReturn(Outcome.done());
        }
        String status = lower(c.text("status"));
        if (!List.of("pending", "active", "paused", "cancelled", "expired").contains(status) || c.text("plan") == null) {
            return Mono.just(Outcome.refused("a membership needs a plan and a known status, not " + status));
        }
        Instant now = clock.instant();
        return store.upsertMembership(id, user, c.text("plan"), status, LegacyChange.time(c.row(), "started_at"),
                        LegacyChange.time(c.row(), "ends_at"))
                .map(java.util.Optional::of).defaultIfEmpty(java.util.Optional.empty())
                .flatMap(before -> Objects.equals(before.orElse(null), status) ? Mono.just(Outcome.done())
                        : announce(switch (status) {
                            case "active" -> new MembershipActivated(id, user, c.text("plan"), "imported", now);
                            case "paused" -> new MembershipPaused(id, user, "imported", now);
                            case "cancelled" -> new MembershipCancelled(id, user, "imported", now);
                            case "expired" -> new MembershipExpired(id, user, now);
                            default -> null;
                        }))
                .onErrorResume(org.springframework.dao.DataIntegrityViolationException.class,
                        e -> Mono.just(Outcome.refused("a second membership that is not over for the same member")));
    }

    /** The entry takes its legacy position, clamped to the dense queue; a removed entry closes its gap. */
    private Mono<Outcome> queueEntry(LegacyChange c, UUID user) {
        Instant now = clock.instant();
        Mono<Entry> current = queue.lock().then(queue.find(user));
        if (c.deleted()) {
            return current.flatMap(entry -> queue.remove(entry)
                            .then(outbox.append(new QueueLeft(user, entry.position(), "imported", now), IMPORT)))
                    .thenReturn(Outcome.done());
        }
        int wanted;
        try {
            wanted = Integer.parseInt(c.text("position"));
        } catch (NumberFormatException e) {
            return Mono.just(Outcome.refused("a queue position is a number"));
        }
        Instant joined = LegacyChange.time(c.row(), "joined_at") == null ? now : LegacyChange.time(c.row(), "joined_at");
        // its place: behind every imported entry with a smaller legacy position (they may arrive in any order)
        return current.map(java.util.Optional::of).defaultIfEmpty(java.util.Optional.empty())
                .flatMap(entry -> Mono.zip(queue.length(), store.importedAhead(c.id(), wanted)).flatMap(t -> {
                    int to = 1 + t.getT2();
                    return entry.isPresent() ? queue.move(entry.get(), Math.min(to, t.getT1()))
                            : queue.append(user, t.getT1() + 1, joined)
                                    .then(queue.move(new Entry(user, t.getT1() + 1, joined), Math.min(to, t.getT1() + 1)))
                                    .then(outbox.append(new QueueJoined(user, Math.min(to, t.getT1() + 1), joined), IMPORT))
                                    .then();
                }))
                .thenReturn(Outcome.done());
    }

    private Mono<Outcome> kyc(LegacyChange c, UUID user) {
        if (c.deleted()) {
            return store.delete(KYC, user).thenReturn(Outcome.done());
        }
        String status = lower(c.text("status"));
        if (!List.of("not_started", "submitted", "in_review", "approved", "rejected", "expired").contains(status)) {
            return Mono.just(Outcome.refused("unknown KYC status " + status));
        }
        Instant submitted = LegacyChange.time(c.row(), "submitted_at");
        // the legacy row has no issuing country: the document keeps what it has, and reads show the country missing
        List<KycDocument> documents = c.text("document_type") == null && c.text("document_reference") == null ? List.of()
                : List.of(KycDocument.imported(c.text("document_type"), null, c.text("document_reference")));
        List<String> types = documents.stream().map(KycDocument::type).filter(Objects::nonNull).toList();
        return store.upsertKyc(user, status, documents, submitted, LegacyChange.time(c.row(), "reviewed_at"))
                .map(java.util.Optional::of).defaultIfEmpty(java.util.Optional.empty())
                .flatMap(before -> before.isEmpty() && submitted != null
                        ? announce(new KycSubmitted(user, types, submitted))
                        : Mono.just(Outcome.done()));
    }

    private Mono<Outcome> payout(LegacyChange c, UUID user) {
        UUID id = UUID.fromString(c.id());
        if (c.deleted()) {
            return store.delete(PAYOUTS, id).thenReturn(Outcome.done());
        }
        String status = lower(c.text("status"));
        String currency = c.text("currency") == null ? null : c.text("currency").toUpperCase(Locale.ROOT);
        Instant scheduled = LegacyChange.time(c.row(), "scheduled_for");
        BigDecimal amount;
        try {
            amount = new BigDecimal(c.text("amount"));
        } catch (RuntimeException e) {
            return Mono.just(Outcome.refused("a payout amount is a number"));
        }
        if (!List.of("scheduled", "approved", "paid", "failed", "cancelled").contains(status) || currency == null
                || !currency.matches("[A-Z]{3}") || amount.signum() <= 0 || scheduled == null) {
            return Mono.just(Outcome.refused("a payout needs a known status, a positive amount, an ISO 4217 currency and a date"));
        }
        Instant paid = LegacyChange.time(c.row(), "paid_at");
        return store.upsertPayout(id, user, amount, currency, status, scheduled, paid)
                .map(java.util.Optional::of).defaultIfEmpty(java.util.Optional.empty())
                .flatMap(before -> Objects.equals(before.orElse(null), status) ? Mono.just(Outcome.done())
                        : announce(switch (status) {
                            case "scheduled" -> new PayoutScheduled(id, user, amount, currency, scheduled);
                            case "paid" -> new PayoutPaid(id, user, amount, currency, paid == null ? scheduled : paid);
                            default -> null;
                        }))
                .onErrorResume(org.springframework.dao.DataIntegrityViolationException.class,
                        e -> Mono.just(Outcome.refused("a second open payout for the same member")));
    }

    private Mono<Outcome> dispute(LegacyChange c, UUID user) {
        UUID id = UUID.fromString(c.id());
        if (c.deleted()) {
            return store.delete(DISPUTES, id).thenReturn(Outcome.done());
        }
        String status = DISPUTE_STATES.get(lower(c.text("status")));
        if (status == null || c.text("payout_id") == null) {
            return Mono.just(Outcome.refused("a dispute needs a payout and a known status"));
        }
        UUID payout = UUID.fromString(c.text("payout_id"));
        Instant opened = LegacyChange.time(c.row(), "opened_at") == null ? clock.instant() : LegacyChange.time(c.row(), "opened_at");
        Instant resolved = LegacyChange.time(c.row(), "resolved_at");
        return store.upsertDispute(id, user, payout, status, c.text("reason"), opened, resolved)
                .map(java.util.Optional::of).defaultIfEmpty(java.util.Optional.empty())
                .flatMap(before -> Objects.equals(before.orElse(null), status) ? Mono.just(Outcome.done())
                        : announce(status.equals("open") ? new DisputeOpened(id, user, "payout", payout, opened)
                        : new DisputeResolved(id, user, status, resolved == null ? clock.instant() : resolved)));
    }

    private Mono<Outcome> announce(DomainEvent event) {
        return event == null ? Mono.just(Outcome.done()) : outbox.append(event, IMPORT).thenReturn(Outcome.done());
    }

    private static String lower(String value) {
        return value == null ? "" : value.toLowerCase(Locale.ROOT);
    }
}
