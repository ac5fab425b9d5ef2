package app.platform.membership.legacy.application;

import app.platform.membership.dispute.domain.DisputeStatus;
import app.platform.membership.kyc.domain.KycDocument;
import app.platform.membership.kyc.domain.KycStatus;
import app.platform.membership.membership.domain.MembershipStatus;
import app.platform.membership.payout.domain.Money;
import app.platform.membership.payout.domain.PayoutStatus;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import reactor.core.publisher.Mono;

/** The membership tables as the importer writes them; each upsert emits the status the row had (empty: new). */
public interface LegacyMembershipStore {
    Mono<MembershipStatus> upsertMembership(UUID id, UUID user, String plan, MembershipStatus status,
                                            Instant startedAt, Instant endsAt);

    /** The documents as the domain made them from the legacy row (a field it lacks is left out, never invented). */
    Mono<KycStatus> upsertKyc(UUID user, KycStatus status, List<KycDocument> documents, Instant submittedAt,
                              Instant reviewedAt);

    Mono<PayoutStatus> upsertPayout(UUID id, UUID user, Money amount, PayoutStatus status, Instant scheduledFor,
                                    Instant paidAt);

    Mono<DisputeStatus> upsertDispute(UUID id, UUID user, UUID payout, DisputeStatus status, String reason,
                                      Instant openedAt, Instant resolvedAt);

    Mono<Void> delete(String table, UUID id);
}
