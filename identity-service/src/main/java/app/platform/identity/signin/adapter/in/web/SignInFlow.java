package app.platform.identity.signin.adapter.in.web;

import app.platform.identity.mfa.application.TwoFactor;
import app.platform.identity.user.application.UserRepository;
import app.platform.identity.web.PageSettings;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.Serializable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.savedrequest.RequestCache;
import org.springframework.security.web.savedrequest.SavedRequest;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Where a first factor (password, Google) lands. A user with TOTP switched on is not signed in yet: the session
 * holds a {@link Pending} sign-in and the browser goes to {@code /login/totp}. Otherwise, or once the code is
 * accepted, the session gets one kind of authentication whatever the route: the user's UUID as the name and a
 * {@link FactorGrantedAuthority} per factor, from which the tokens' {@code amr} and {@code aal} are made.
 */
@Component
public class SignInFlow implements AuthenticationSuccessHandler {

    public static final String GOOGLE = FactorGrantedAuthority.AUTHORIZATION_CODE_AUTHORITY;
    public static final String PASSWORD = FactorGrantedAuthority.PASSWORD_AUTHORITY;
    public static final String TOTP = "FACTOR_TOTP";
    public static final String BACKUP_CODE = "FACTOR_BACKUP_CODE";
    /** A passkey or security key of the user's, asked for as the second step after another first factor. */
    public static final String SECURITY_KEY = "FACTOR_SECURITY_KEY";
    /** A session carried over from the legacy (Supabase) app at the cutover. */
    public static final String LEGACY_SESSION = "FACTOR_LEGACY_SESSION";
    /** The link mailed at a passkey-first sign-up, to an account with no other way in yet. */
    public static final String EMAIL_LINK = "FACTOR_EMAIL_LINK";
    static final String PENDING = SignInFlow.class.getName() + ".PENDING";
    private static final Duration PENDING_FOR = Duration.ofMinutes(5);

    /**
     * A first factor passed, the second is due.
     *
     * @param since    when the first factor passed here (the second step is due within five minutes)
     * @param factorAt when the first factor was proven: now, or a Supabase session's start (null in a pending sign-in
     *                 saved before this field existed: now)
     */
    record Pending(UUID userId, String factor, String method, Instant since, Instant factorAt) implements Serializable {
    }

    private final TwoFactor twoFactor;
    private final UserRepository users;
    private final SignInOutcomes outcomes;
    private final Clock clock;
    private final SecurityContextRepository contexts = new HttpSessionSecurityContextRepository();
    private final SavedRequestAwareAuthenticationSuccessHandler next = new SavedRequestAwareAuthenticationSuccessHandler();
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final RequestCache requests = new HttpSessionRequestCache();
    private final String home;

    SignInFlow(TwoFactor twoFactor, UserRepository users, SignInOutcomes outcomes, Clock clock, PageSettings pages) {
        this.twoFactor = twoFactor;
        this.users = users;
        this.outcomes = outcomes;
        this.clock = clock;
        this.home = pages.home();
        next.setDefaultTargetUrl(home);
    }

    /** A password sign-in. */
    @Override
    public void onAuthenticationSuccess(HttpServletRequest request, HttpServletResponse response,
                                        Authentication authentication) throws IOException, ServletException {
        firstFactorPassed(request, response, UUID.fromString(authentication.getName()), PASSWORD, "password");
    }

    public void firstFactorPassed(HttpServletRequest request, HttpServletResponse response, UUID userId, String factor,
                           String method) throws IOException, ServletException {
        firstFactorPassed(request, response, userId, factor, method, clock.instant());
    }

    /**
     * A first factor proven at {@code factorAt}: a Supabase session's is its start, not this sign-in, so that the
     * session's {@code auth_time} passes no step-up or re-authentication by recency.
     */
    public void firstFactorPassed(HttpServletRequest request, HttpServletResponse response, UUID userId, String factor,
                                  String method, Instant factorAt) throws IOException, ServletException {
        newSessionId(request); // whatever session the browser came with, it is not the signed-in one
        if (twoFactor.enabled(userId)) {
            signedOut(request, response);
            request.getSession().setAttribute(PENDING, new Pending(userId, factor, method, clock.instant(), factorAt));
            response.sendRedirect(request.getContextPath() + "/login/totp");
            return;
        }
        complete(request, response, userId, method, List.of(factor), factorAt);
    }

    /**
     * Where a passkey sign-in lands; the page's script is answered {@code {authenticated, redirectUrl}}: the application's
     * request that led to the sign-in, else home. With user verification it is
     * complete; with possession only ({@link UserVerifiedPasskeys}) it is a first factor, and a user with TOTP is sent
     * to the second step.
     */
    public void passkeySignedIn(HttpServletRequest request, HttpServletResponse response, Authentication signedIn)
            throws IOException, ServletException {
        UUID userId = UUID.fromString(signedIn.getName());
        if (!UserVerifiedPasskeys.userVerified(signedIn) && twoFactor.enabled(userId)) {
            signedOut(request, response);
            request.getSession().setAttribute(PENDING, new Pending(userId, UserVerifiedPasskeys.PRESENCE, "passkey",
                    clock.instant(), clock.instant()));
            answer(response, request.getContextPath() + "/login/totp");
            return;
        }
        outcomes.signedIn(userId, "passkey");
        answer(response, savedOrHome(request, response));
    }

    /**
     * The second step passed with a security key (or passkey) from the page's script: answered as a passkey sign-in,
     * {@code {authenticated, redirectUrl}}; a user banned meanwhile is sent back to the sign-in page.
     */
    void securityKeyPassed(HttpServletRequest request, HttpServletResponse response, Pending pending)
            throws IOException {
        abandon(request);
        newSessionId(request);
        boolean done = establish(request, response, pending.userId(), pending.method(),
                List.of(pending.factor(), SECURITY_KEY), pending.factorAt()) != null;
        answer(response, done ? savedOrHome(request, response) : request.getContextPath() + "/login?error");
    }

    private String savedOrHome(HttpServletRequest request, HttpServletResponse response) {
        SavedRequest saved = requests.getRequest(request, response);
        requests.removeRequest(request, response);
        return saved == null ? home : saved.getRedirectUrl(); // the application's request, else home
    }

    private static void answer(HttpServletResponse response, String next) throws IOException {
        response.setContentType("application/json");
        JSON.writeValue(response.getWriter(), Map.of("authenticated", true, "redirectUrl", next));
    }

    /** The sign-in waiting for its second step, unless it is too old. */
    Pending pending(HttpServletRequest request) {
        var session = request.getSession(false);
        if (session != null && session.getAttribute(PENDING) instanceof Pending p
                && p.since().plus(PENDING_FOR).isAfter(clock.instant())) {
            return p;
        }
        return null;
    }

    void abandon(HttpServletRequest request) {
        var session = request.getSession(false);
        if (session != null) {
            session.removeAttribute(PENDING);
        }
    }

    void secondFactorPassed(HttpServletRequest request, HttpServletResponse response, Pending pending,
                            String factor) throws IOException, ServletException {
        abandon(request);
        newSessionId(request); // a new session id for the stronger sign-in
        complete(request, response, pending.userId(), pending.method(), List.of(pending.factor(), factor),
                pending.factorAt());
    }

    private void complete(HttpServletRequest request, HttpServletResponse response, UUID userId, String method,
                          List<String> factors, Instant firstAt) throws IOException, ServletException {
        Authentication done = establish(request, response, userId, method, factors, firstAt);
        if (done == null) {
            response.sendRedirect(request.getContextPath() + "/login?error");
        } else {
            next.onAuthenticationSuccess(request, response, done);
        }
    }

    /**
     * A browser signed in by the link mailed at a passkey-first sign-up (the caller checked that the account has no
     * other way in): so that it can create its first passkey, then go on to {@code then}.
     */
    public void emailLinkSignedIn(HttpServletRequest request, HttpServletResponse response, UUID userId, String then)
            throws IOException {
        newSessionId(request);
        boolean done = establish(request, response, userId, "email_link", List.of(EMAIL_LINK), clock.instant()) != null;
        response.sendRedirect(done ? then : request.getContextPath() + "/login?error");
    }

    /**
     * Saves the signed-in session, its first factor proven at {@code firstAt} and the others now; null, signed out,
     * for a user banned or deleted while signing in.
     */
    private Authentication establish(HttpServletRequest request, HttpServletResponse response, UUID userId,
                                     String method, List<String> factors, Instant firstAt) {
        if (!users.isActive(userId)) {
            signedOut(request, response);
            return null;
        }
        Instant now = clock.instant();
        List<GrantedAuthority> authorities = new ArrayList<>();
        authorities.add(new SimpleGrantedAuthority("ROLE_USER"));
        for (int i = 0; i < factors.size(); i++) {
            authorities.add(FactorGrantedAuthority.withAuthority(factors.get(i))
                    .issuedAt(i == 0 && firstAt != null ? firstAt : now).build());
        }
        User principal = new User(userId.toString(), "", authorities);
        principal.eraseCredentials();
        Authentication done = UsernamePasswordAuthenticationToken.authenticated(principal, null, authorities);
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(done);
        SecurityContextHolder.setContext(context);
        contexts.saveContext(context, request, response);
        outcomes.signedIn(userId, method);
        return done;
    }

    private void signedOut(HttpServletRequest request, HttpServletResponse response) {
        SecurityContextHolder.clearContext();
        contexts.saveContext(SecurityContextHolder.createEmptyContext(), request, response);
    }

    /** Session fixation: every sign-in path rotates the session id (Spring's own filters do; ours do here). */
    private static void newSessionId(HttpServletRequest request) {
        if (request.getSession(false) != null) {
            request.changeSessionId();
        }
    }
}
