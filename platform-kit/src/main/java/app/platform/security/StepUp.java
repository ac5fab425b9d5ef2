package app.platform.security;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * Step-up for what matters (RFC 9470): the admin APIs (bans, key rotation, refunds, payouts, the cutover's
 * operations) need an admin whose token shows a recent second-factor sign-in: {@code aal} {@code aal2} and an
 * {@code auth_time} at most {@link #MAX_AGE} ago. Such a token gets {@link #AUTHORITY}; an admin without it is
 * answered 401 with the challenge {@link #CHALLENGE}, which tells the client to sign in again with
 * {@code acr_values=aal2} and {@code max_age}.
 */
public final class StepUp {

    /** How recent the second-factor sign-in must be. */
    public static final Duration MAX_AGE = Duration.ofMinutes(15);
    /** The authority of an admin who has stepped up. */
    public static final String AUTHORITY = "ADMIN_STEPPED_UP";
    /** The {@code WWW-Authenticate} value of RFC 9470 §3. */
    public static final String CHALLENGE = "Bearer error=\"insufficient_user_authentication\", "
            + "error_description=\"A recent sign-in with a second factor is required\", acr_values=\"aal2\", max_age="
            + MAX_AGE.toSeconds();
    public static final String DETAIL = "Sign in again with your second factor (acr_values=aal2, max_age="
            + MAX_AGE.toSeconds() + ") to do this.";
    private static final Duration SKEW = Duration.ofMinutes(1);

    private StepUp() {
    }

    /** Whether the token is a recent second-factor sign-in. */
    public static boolean satisfiedBy(Jwt jwt, Instant now) {
        Instant authTime = authTime(jwt.getClaim("auth_time"));
        return "aal2".equals(jwt.getClaimAsString("aal")) && authTime != null
                && !authTime.isBefore(now.minus(MAX_AGE)) && !authTime.isAfter(now.plus(SKEW));
    }

    /** An admin who has not stepped up: to be challenged, not refused. */
    public static boolean needed(Authentication authentication) {
        if (authentication == null) {
            return false;
        }
        Collection<? extends GrantedAuthority> authorities = authentication.getAuthorities();
        return authorities.stream().anyMatch(a -> "ROLE_ADMIN".equals(a.getAuthority()))
                && authorities.stream().noneMatch(a -> AUTHORITY.equals(a.getAuthority()));
    }

    private static Instant authTime(Object claim) {
        return switch (claim) {
            case Instant instant -> instant;
            case Number seconds -> Instant.ofEpochSecond(seconds.longValue());
            case null, default -> null;
        };
    }
}
