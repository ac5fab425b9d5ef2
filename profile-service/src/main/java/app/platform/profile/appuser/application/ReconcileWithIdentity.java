package app.platform.profile.appuser.application;

import app.platform.runtime.Jobs;
import app.platform.events.EventMetadata;
import app.platform.profile.appuser.domain.AppUser;
import app.platform.profile.appuser.domain.Holds;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Makes "an identity user without an app user" impossible to keep: every interval (and on an admin's request) the
 * identity directory is read page by page, and each (not deleted) identity user without an app user gets one,
 * with {@code AppUserCreated} reason {@code reconciled}. The report says how many were checked and which were
 * repaired; a lost event, a consumer bug or the legacy orphans all end here. Every replica's timer fires, but the
 * replicas share one scheduled run per interval (the first to claim it), and any of them answers with the last report.
 */
@Service
public class ReconcileWithIdentity {

    private static final Logger log = LoggerFactory.getLogger(ReconcileWithIdentity.class);

    /** An identity user as the directory lists it. */
    public record IdentityUser(UUID id, String email, boolean emailVerified, Instant bannedUntil, boolean deleted) {
    }

    public record Report(Instant startedAt, Instant finishedAt, long identityUsersChecked, List<UUID> repaired,
                         String error) {
    }

    private final IdentityDirectory directory;
    private final AppUserRepository users;
    private final CreateAppUser create;
    private final Clock clock;
    private final ReconciliationRuns runs;
    private final Duration interval;

    public ReconcileWithIdentity(IdentityDirectory directory, AppUserRepository users, CreateAppUser create, Clock clock,
                                 ReconciliationRuns runs,
                                 @Value("${profile.reconciliation.interval:PT15M}") Duration interval) {
        this.directory = directory;
        this.users = users;
        this.create = create;
        this.clock = clock;
        this.runs = runs;
        this.interval = interval;
    }

    /** Runs unless another replica claimed a run within half the interval (so one run per interval in all). */
    @Scheduled(initialDelayString = "${profile.reconciliation.initial-delay:PT1M}",
            fixedDelayString = "${profile.reconciliation.interval:PT15M}")
    void scheduled() {
        Instant now = clock.instant();
        Jobs.run(runs.claim(now, now.minus(interval.dividedBy(2))).filter(claimed -> claimed).flatMap(claimed -> run()));
    }

    public Mono<Report> lastReport() {
        return runs.last();
    }

    public Mono<Report> run() {
        Instant started = clock.instant();
        long[] checked = {0};
        return directory.pages()
                .concatMap(page -> {
                    checked[0] += page.size();
                    List<IdentityUser> live = page.stream().filter(u -> !u.deleted()).toList();
                    return users.existing(live.stream().map(IdentityUser::id).toList()).collect(HashSet<UUID>::new, HashSet::add)
                            .flatMapMany(have -> Flux.fromIterable(live).filter(u -> !have.contains(u.id())))
                            .concatMap(this::repair);
                })
                .collectList()
                .map(repaired -> new Report(started, clock.instant(), checked[0], repaired, null))
                .onErrorResume(e -> Mono.just(new Report(started, clock.instant(), checked[0], List.of(),
                        e.getClass().getSimpleName() + ": " + e.getMessage())))
                .flatMap(report -> runs.save(report).thenReturn(report))
                .doOnNext(report -> {
                    if (report.error() != null) {
                        log.warn("reconciliation with identity failed: {}", report.error());
                    } else if (!report.repaired().isEmpty()) {
                        log.warn("reconciliation created {} missing app users", report.repaired().size());
                    }
                });
    }

    private Mono<UUID> repair(IdentityUser user) {
        AppUser appUser = AppUser.forNewIdentity(user.id(), user.email(), user.emailVerified(), clock.instant());
        if (user.bannedUntil() != null && user.bannedUntil().isAfter(clock.instant())) {
            appUser = appUser.under(Holds.NONE.withBan(true));
        }
        return create.create(appUser, "reconciled", new EventMetadata(null, "profile-service"))
                .filter(created -> created).map(created -> user.id());
    }
}
