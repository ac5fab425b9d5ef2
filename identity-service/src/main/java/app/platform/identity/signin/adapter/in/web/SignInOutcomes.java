package app.platform.identity.signin.adapter.in.web;

import app.platform.events.EventMetadata;
import app.platform.events.identity.UserSignInFailed;
import app.platform.events.identity.UserSignedIn;
import app.platform.identity.signin.application.Throttles;
import app.platform.identity.user.application.UserRepository;
import app.platform.identity.user.domain.EmailAddress;
import app.platform.outbox.JdbcOutbox;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.authentication.event.AuthenticationFailureLockedEvent;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What a password sign-in attempt leaves behind: the throttles' counts, and {@code UserSignedIn} or
 * {@code UserSignInFailed} (for an existing account only; an unknown address leaves no event).
 */
@Component
public class SignInOutcomes {

    private final Throttles throttles;
    private final UserRepository users;
    private final JdbcOutbox outbox;
    private final TransactionTemplate tx;
    private final Clock clock;

    SignInOutcomes(Throttles throttles, UserRepository users, JdbcOutbox outbox, TransactionTemplate tx, Clock clock) {
        this.throttles = throttles;
        this.users = users;
        this.outbox = outbox;
        this.tx = tx;
        this.clock = clock;
    }

    @EventListener
    void failed(AbstractAuthenticationFailureEvent event) {
        if (!(event.getAuthentication() instanceof UsernamePasswordAuthenticationToken attempt)) {
            return; // bearer tokens are not sign-ins
        }
        Instant now = clock.instant();
        String email = String.valueOf(attempt.getPrincipal());
        throttles.accounts.failure(throttles.account(email), now);
        if (attempt.getDetails() instanceof WebAuthenticationDetails details) {
            throttles.addresses.failure("ip|" + details.getRemoteAddress(), now);
        }
        String reason = event instanceof AuthenticationFailureLockedEvent ? "locked" : "bad_credentials";
        try {
            users.userIdByEmail(new EmailAddress(email)).ifPresent(userId -> tx.executeWithoutResult(s ->
                    outbox.append(new UserSignInFailed(userId, reason, now),
                            new EventMetadata(null, "anonymous"))));
        } catch (RuntimeException notAnAddress) {
            // nothing to record against
        }
    }

    /** A sign-in passed: the account's throttle cleared, {@code UserSignedIn}. */
    public void signedIn(UUID userId, String method) {
        throttles.accounts.success(Throttles.account(userId));
        tx.executeWithoutResult(s -> outbox.append(new UserSignedIn(userId, method, clock.instant()),
                EventMetadata.ofUser(null, userId)));
    }

    void secondStepFailed(UUID userId, boolean locked) {
        Instant now = clock.instant();
        tx.executeWithoutResult(s -> outbox.append(new UserSignInFailed(userId,
                        locked ? "second_factor_locked" : "second_factor", now),
                new EventMetadata(null, "anonymous")));
    }
}
