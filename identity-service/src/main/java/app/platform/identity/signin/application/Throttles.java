package app.platform.identity.signin.application;

import app.platform.identity.signin.domain.Throttle;
import org.springframework.stereotype.Component;

/**
 * The throttles of the endpoints that guess-and-try attacks aim at: sign-in per account and per address, and the
 * public API calls (sign-up, verification, reset) per address and endpoint.
 */
@Component
public class Throttles {

    public final Throttle accounts;
    public final Throttle addresses;
    public final Throttle api;

    public Throttles(ThrottleSettings s) {
        this.accounts = new Throttle(s.accountFreeFailures(), s.base(), s.max(), s.window());
        this.addresses = new Throttle(s.ipFreeFailures(), s.base(), s.max(), s.window());
        this.api = new Throttle(s.apiFreeAttempts(), s.base(), s.max(), s.window());
    }
}
