package app.platform.identity.web;

import app.platform.identity.token.TokenClaims;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.UUID;
import java.util.function.Predicate;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A client asks for a fresh or a stronger sign-in on its authorization request (OIDC Core §3.1.2.1, RFC 9470):
 * {@code max_age=N} asks again for a sign-in older than N seconds; {@code acr_values} with {@code aal2} asks again
 * when the session is only {@code aal1} and the user has a second factor to pass. Either way the browser goes to the
 * sign-in page and comes back to the same authorization request, whose tokens then say {@code auth_time} and
 * {@code aal}.
 */
final class StepUpRequests extends OncePerRequestFilter {

    private final Predicate<UUID> hasSecondFactor;
    private final Clock clock;

    StepUpRequests(Predicate<UUID> hasSecondFactor, Clock clock) {
        this.hasSecondFactor = hasSecondFactor;
        this.clock = clock;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !"/oauth2/authorize".equals(request.getServletPath());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication signedIn = SecurityContextHolder.getContext().getAuthentication();
        UUID userId = signedIn != null && signedIn.isAuthenticated()
                ? ActiveAccountFilter.userId(signedIn.getName()) : null;
        if (userId != null && (stale(signedIn, request.getParameter("max_age"))
                || weak(signedIn, request.getParameter("acr_values"), userId))) {
            SecurityContextHolder.clearContext();
            HttpSession session = request.getSession(false);
            if (session != null) {
                session.removeAttribute(HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY);
            }
        }
        chain.doFilter(request, response);
    }

    private boolean stale(Authentication signedIn, String maxAge) {
        if (maxAge == null || !maxAge.matches("\\d{1,9}")) {
            return false;
        }
        Instant at = TokenClaims.authTime(signedIn.getAuthorities());
        return at == null || at.isBefore(clock.instant().minusSeconds(Long.parseLong(maxAge)));
    }

    private boolean weak(Authentication signedIn, String acrValues, UUID userId) {
        return acrValues != null && Arrays.asList(acrValues.split(" ")).contains("aal2")
                && "aal1".equals(TokenClaims.aal(signedIn.getAuthorities())) && hasSecondFactor.test(userId);
    }
}
