package app.platform.identity.signin.adapter.in.web;

import app.platform.identity.signin.application.Throttles;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.UrlPathHelper;

/**
 * Answers 429 with {@code Retry-After} while a key is backing off (the states are shared by every replica, in
 * PostgreSQL): the sign-in form and its second step per account and per address (failures are counted by {@code SignInOutcomes} and {@code SecondStepPage}), and the
 * public calls per address, API and hosted page alike (every call counts). The address is the client's as Tomcat sees it: a forwarded
 * address is believed only from the trusted proxies ({@code server.tomcat.remoteip.internal-proxies}).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class ThrottleFilter extends OncePerRequestFilter {

    /** The public calls, by path: a hosted page and the API call it makes share one budget. */
    static final Map<String, String> PUBLIC_CALLS = Map.of(
            "/api/identity/users", "sign-up", "/signup", "sign-up",
            "/api/identity/email-verification/confirm", "verify-email", "/verify-email", "verify-email",
            "/api/identity/password-reset", "forgot-password", "/forgot-password", "forgot-password",
            "/api/identity/password-reset/confirm", "reset-password", "/reset-password", "reset-password");

    private final Throttles throttles;
    private final Clock clock;

    ThrottleFilter(Throttles throttles, Clock clock) {
        this.throttles = throttles;
        this.clock = clock;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if ("POST".equals(request.getMethod())) {
            Instant now = clock.instant();
            String path = path(request);
            Duration wait = Duration.ZERO;
            if (path.equals("/login")) {
                String account = request.getParameter("username");
                wait = max(throttles.addresses.retryAfter(ip(request), now),
                        account == null ? Duration.ZERO : throttles.accounts.retryAfter(throttles.account(account), now));
            } else if (path.equals("/login/totp")) {
                var session = request.getSession(false);
                wait = throttles.addresses.retryAfter(ip(request), now);
                if (session != null && session.getAttribute(SignInFlow.PENDING) instanceof SignInFlow.Pending p) {
                    wait = max(wait, throttles.accounts.retryAfter(secondStep(p.userId()), now));
                }
            } else if (PUBLIC_CALLS.containsKey(path)) {
                String key = PUBLIC_CALLS.get(path) + "|" + ip(request);
                throttles.api.failure(key, now); // every call counts, refused ones too
                wait = throttles.api.retryAfter(key, now);
            }
            if (!wait.isZero()) {
                tooMany(response, wait);
                return;
            }
        }
        chain.doFilter(request, response);
    }

    /**
     * The path as routing and Spring Security match it (decoded, without {@code ;} parameters): so
     * {@code POST /l%6Fgin} is throttled as the {@code /login} it signs in at.
     */
    static String path(HttpServletRequest request) {
        return UrlPathHelper.defaultInstance.getPathWithinApplication(request);
    }

    static String secondStep(java.util.UUID userId) {
        return "second-step|" + userId;
    }

    static String ip(HttpServletRequest request) {
        return "ip|" + request.getRemoteAddr();
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private static void tooMany(HttpServletResponse response, Duration wait) throws IOException {
        long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
        response.setStatus(429);
        response.setHeader("Retry-After", String.valueOf(seconds));
        response.setContentType("application/problem+json");
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write("{\"type\":\"about:blank\",\"title\":\"Too many attempts\",\"status\":429,"
                + "\"detail\":\"Too many attempts. Try again in " + seconds + " seconds.\"}");
    }
}
