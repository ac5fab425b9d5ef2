package app.platform.identity.signin.adapter.in.web;

import app.platform.identity.signin.application.HumanCheck;
import app.platform.identity.signin.application.Throttles;
import app.platform.identity.signin.domain.Throttle;
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
import org.springframework.web.util.UriComponentsBuilder;
import org.springframework.web.util.UrlPathHelper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Answers 429 with {@code Retry-After} while a key is backing off (the states are shared by every replica, in
 * PostgreSQL or Redis): the sign-in form per account and per address, its second step, and the public calls per
 * address, API and hosted page alike (every call counts; sign-in failures are counted by {@code SignInOutcomes} and
 * {@code SecondStepPage}). Past its back-offs an account is challenged instead ({@link HumanCheck}): a sign-in
 * without a passing answer gets the challenge, so its owner can still get in. The address is the client's as
 * Tomcat sees it: a forwarded address is believed only from the trusted proxies
 * ({@code server.tomcat.remoteip.internal-proxies}).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class ThrottleFilter extends OncePerRequestFilter {

    /** The public calls, by path: a hosted page and the API call it makes share one budget. */
    static final Map<String, String> PUBLIC_CALLS = Map.of(
            "/api/identity/users", "sign-up", "/signup", "sign-up", "/signup/passkey", "sign-up",
            "/api/identity/email-verification/confirm", "verify-email", "/verify-email", "verify-email",
            "/api/identity/password-reset", "forgot-password", "/forgot-password", "forgot-password",
            "/api/identity/password-reset/confirm", "reset-password", "/reset-password", "reset-password",
            "/confirm-email-change", "confirm-email-change");

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Throttle.Verdict GO = new Throttle.Go();
    private final Throttles throttles;
    private final HumanCheck check;
    private final Clock clock;

    ThrottleFilter(Throttles throttles, HumanCheck check, Clock clock) {
        this.throttles = throttles;
        this.check = check;
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
                String username = request.getParameter("username");
                String account = username == null ? null : throttles.account(username);
                Throttle.Verdict onAccount = account == null ? GO : throttles.accounts.verdict(account, now);
                wait = max(waitOf(throttles.addresses.verdict(ip(request), now)), waitOf(onAccount));
                if (wait.isZero() && onAccount instanceof Throttle.Challenge challenge) {
                    HumanCheck.Challenge next = check.challenge(account, challenge.level(), now);
                    String answer = request.getParameter(next.answerField());
                    if (!check.passed(account, challenge.level(), answer, request.getRemoteAddr(), now)) {
                        challenged(request, response, next, answer != null);
                        return;
                    }
                }
            } else if (path.equals("/login/totp")) {
                var session = request.getSession(false);
                wait = waitOf(throttles.addresses.verdict(ip(request), now));
                if (session != null && session.getAttribute(SignInFlow.PENDING) instanceof SignInFlow.Pending p) {
                    wait = max(wait, waitOf(throttles.secondSteps.verdict(secondStep(p.userId()), now)));
                }
            } else if (PUBLIC_CALLS.containsKey(path)) {
                String key = PUBLIC_CALLS.get(path) + "|" + ip(request);
                throttles.api.failure(key, now); // every call counts, refused ones too
                wait = waitOf(throttles.api.verdict(key, now));
            }
            if (!wait.isZero()) {
                tooMany(response, wait);
                return;
            }
        }
        chain.doFilter(request, response);
    }

    /**
     * A challenged try without a passing answer: a browser is sent to the challenge page; any other client gets 429
     * with the challenge in the problem (no {@code Retry-After}: it may try again at once, with the answer).
     */
    private void challenged(HttpServletRequest request, HttpServletResponse response, HumanCheck.Challenge next,
                            boolean failed) throws IOException {
        String accept = request.getHeader("Accept");
        if (accept != null && accept.contains("text/html")) {
            var page = UriComponentsBuilder.fromPath(request.getContextPath() + "/login/challenge");
            if (next instanceof HumanCheck.ProofOfWorkChallenge pow) {
                page.queryParam("token", pow.token()).queryParam("bits", pow.bits());
            }
            if (failed) {
                page.queryParam("failed", "");
            }
            response.setStatus(303);
            response.setHeader("Location", page.build().encode().toUriString());
            return;
        }
        Map<String, Object> challenge = switch (next) {
            case HumanCheck.ProofOfWorkChallenge pow -> Map.of("type", "proof-of-work", "algorithm", "sha-256",
                    "token", pow.token(), "bits", pow.bits(), "answer_field", pow.answerField());
            case HumanCheck.CaptchaChallenge captcha -> Map.of("type", "captcha", "site_key", captcha.siteKey(),
                    "script_url", captcha.scriptUrl(), "answer_field", captcha.answerField());
        };
        response.setStatus(429);
        response.setContentType("application/problem+json");
        response.setCharacterEncoding("UTF-8");
        JSON.writeValue(response.getWriter(), Map.of("type", "about:blank", "title", "Check required", "status", 429,
                "detail", failed ? "The check did not pass. Answer the new challenge and sign in again."
                        : "There were many wrong passwords for this account: answer the challenge with the next sign-in.",
                "challenge", challenge));
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

    private static Duration waitOf(Throttle.Verdict verdict) {
        return verdict instanceof Throttle.Wait w ? w.duration() : Duration.ZERO;
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
