package app.platform.identity.web;

import app.platform.identity.user.application.UserRepository;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.util.UUID;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A user banned or deleted since they signed in is signed out at their next request, before anything is issued:
 * the browser session ends (a browser is sent to the sign-in page, which says the account can no longer sign in and
 * where to get help; the page then refuses them), and a
 * bearer token of theirs is not accepted by identity's own endpoints. Ending sessions on a ban already deletes them;
 * this also covers a ban that arrives any other way (the legacy import writes {@code banned_until} directly).
 */
final class ActiveAccountFilter extends OncePerRequestFilter {

    private final UserRepository users;

    ActiveAccountFilter(UserRepository users) {
        this.users = users;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication signedIn = SecurityContextHolder.getContext().getAuthentication();
        UUID userId = signedIn != null && signedIn.isAuthenticated() ? userId(signedIn.getName()) : null;
        if (userId != null && !users.isActive(userId)) {
            SecurityContextHolder.clearContext();
            HttpSession session = request.getSession(false);
            if (session != null) {
                session.invalidate();
            }
            String accept = request.getHeader("Accept");
            if ("GET".equals(request.getMethod()) && accept != null && accept.contains("text/html")) {
                response.sendRedirect(request.getContextPath() + "/login?ended"); // the page says why, and what to do
                return;
            }
        }
        chain.doFilter(request, response);
    }

    /** A user's UUID; null for anything else (a client signed in at the token endpoint). Also {@link StepUpRequests}'. */
    static UUID userId(String name) {
        try {
            return name != null && name.length() == 36 ? UUID.fromString(name) : null;
        } catch (IllegalArgumentException notAUser) {
            return null;
        }
    }
}
