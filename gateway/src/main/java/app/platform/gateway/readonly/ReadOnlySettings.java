package app.platform.gateway.readonly;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code gateway.read-only.*}: where the platform's mode is asked (cdc-relay, {@code RELAY_URL}), how often
 * ({@code poll}) and how long one ask may take before it counts as no answer ({@code timeout}); the
 * {@code Retry-After} of a refused write; and the paths that stay writable while the platform is read-only
 * ({@code exempt}, Spring path patterns): signing in and refreshing tokens, so nobody is signed out by a failback,
 * and the cutover's own API, so the operator can finish it.
 */
@ConfigurationProperties("gateway.read-only")
record ReadOnlySettings(@DefaultValue("http://localhost:8086") String relayUrl,
                        @DefaultValue("2s") Duration poll,
                        @DefaultValue("2s") Duration timeout,
                        @DefaultValue("60s") Duration retryAfter,
                        @DefaultValue({"/login", "/login/**", "/logout", "/oauth2/**", "/connect/**",
                                "/webauthn/authenticate/**", "/api/cutover/**"}) List<String> exempt) {

    ReadOnlySettings {
        if (!poll.isPositive() || !timeout.isPositive() || retryAfter.isNegative()) {
            throw new IllegalArgumentException("gateway.read-only: poll and timeout must be positive, retry-after not negative");
        }
        exempt = List.copyOf(exempt);
    }
}
