package app.platform.identity.signin.application;

import app.platform.identity.signin.domain.Throttle;
import app.platform.identity.user.application.UserRepository;
import app.platform.identity.user.domain.EmailAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * The throttles of the endpoints that guess-and-try attacks aim at: sign-in per account and per address, its second step, and the
 * public API calls (sign-up, verification, reset) per address and endpoint. Their states are in the
 * {@link ThrottleStore} (PostgreSQL, or Redis when configured), so the guess budget is one for all replicas and survives a deploy. An account
 * is keyed by the user's id, so its address and its UUID (both sign in) share one budget.
 */
@Component
public class Throttles {

    /** One throttle: a rule and the stored states of its keys. */
    public final class Keyed {
        private final Throttle rule;

        Keyed(Throttle rule) {
            this.rule = rule;
        }

        public Throttle.Verdict verdict(String key, Instant now) {
            return rule.verdict(store.state(key).orElse(null), now);
        }

        public void failure(String key, Instant now) {
            store.update(key, state -> rule.failed(state, now));
        }

        public void success(String key) {
            store.forget(key);
        }
    }

    /** Sign-in per account: backs off, then challenges (its owner must still get in). */
    public final Keyed accounts;
    /** The second step per account: only someone who knew the password gets there, so it backs off for good. */
    public final Keyed secondSteps;
    public final Keyed addresses;
    public final Keyed api;
    private final ThrottleStore store;
    private final UserRepository users;
    private final Duration window;

    public Throttles(ThrottleSettings s, ThrottleStore store, UserRepository users) {
        this.store = store;
        this.users = users;
        this.window = s.window();
        this.accounts = new Keyed(new Throttle(s.accountFreeFailures(), s.base(), s.max(), s.window(),
                s.accountDelaysBeforeChallenge()));
        this.secondSteps = new Keyed(new Throttle(s.accountFreeFailures(), s.base(), s.max(), s.window(), Throttle.NEVER));
        this.addresses = new Keyed(new Throttle(s.ipFreeFailures(), s.base(), s.max(), s.window(), Throttle.NEVER));
        this.api = new Keyed(new Throttle(s.apiFreeAttempts(), s.base(), s.max(), s.window(), Throttle.NEVER));
    }

    /**
     * The account key of what was typed as the user name: the user's id when the address (or the UUID) is one of a
     * user, else the address itself (an unknown address is throttled all the same, and answers the same).
     */
    public String account(String username) {
        String typed = username == null ? "" : username.trim();
        try {
            if (typed.length() == 36) {
                return account(UUID.fromString(typed));
            }
        } catch (IllegalArgumentException notAUuid) {
            // an address
        }
        try {
            return users.userIdByEmail(new EmailAddress(typed)).map(Throttles::account)
                    .orElse("account|" + typed.toLowerCase(Locale.ROOT));
        } catch (RuntimeException notAnAddress) {
            return "account|" + typed.toLowerCase(Locale.ROOT);
        }
    }

    public static String account(UUID userId) {
        return "account|" + userId;
    }

    /** Forgets what has blocked nothing for a window. */
    public int prune(Instant now) {
        return store.prune(now.minus(window), now);
    }
}
