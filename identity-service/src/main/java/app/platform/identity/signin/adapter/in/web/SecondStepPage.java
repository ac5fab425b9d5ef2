package app.platform.identity.signin.adapter.in.web;

import app.platform.identity.mfa.application.TwoFactor;
import app.platform.identity.signin.application.Throttles;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import org.springframework.http.MediaType;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.HtmlUtils;

/** The second step of the hosted sign-in: a code from the authenticator app, or a backup code. */
@Controller
class SecondStepPage {

    private final SignInFlow flow;
    private final TwoFactor twoFactor;
    private final SignInOutcomes outcomes;
    private final Throttles throttles;
    private final Clock clock;

    SecondStepPage(SignInFlow flow, TwoFactor twoFactor, SignInOutcomes outcomes, Throttles throttles, Clock clock) {
        this.flow = flow;
        this.twoFactor = twoFactor;
        this.outcomes = outcomes;
        this.throttles = throttles;
        this.clock = clock;
    }

    @GetMapping("/login/totp")
    void form(HttpServletRequest request, HttpServletResponse response) throws IOException, ServletException {
        if (flow.pending(request) == null) {
            response.sendRedirect(request.getContextPath() + "/login");
            return;
        }
        page(request, response, 200, null);
    }

    @PostMapping("/login/totp")
    void submit(HttpServletRequest request, HttpServletResponse response, @RequestParam(defaultValue = "") String code)
            throws IOException, ServletException {
        SignInFlow.Pending pending = flow.pending(request);
        if (pending == null) {
            response.sendRedirect(request.getContextPath() + "/login?expired");
            return;
        }
        TwoFactor.Check check = twoFactor.check(pending.userId(), code);
        switch (check.result()) {
            case ACCEPTED -> {
                throttles.secondSteps.success(ThrottleFilter.secondStep(pending.userId()));
                flow.secondFactorPassed(request, response, pending,
                        "backup_code".equals(check.method()) ? SignInFlow.BACKUP_CODE : SignInFlow.TOTP);
            }
            case REJECTED -> {
                throttles.secondSteps.failure(ThrottleFilter.secondStep(pending.userId()), clock.instant());
                throttles.addresses.failure(ThrottleFilter.ip(request), clock.instant());
                outcomes.secondStepFailed(pending.userId(), false);
                page(request, response, 400, "That code is not correct. Try the current code.");
            }
            case LOCKED -> {
                flow.abandon(request);
                outcomes.secondStepFailed(pending.userId(), true);
                page(request, response, 429, "Too many wrong codes. Two-step sign-in is locked for a while; "
                        + "try again later.");
            }
        }
    }

    private static void page(HttpServletRequest request, HttpServletResponse response, int status, String error)
            throws IOException, ServletException {
        CsrfToken csrf = (CsrfToken) request.getAttribute(CsrfToken.class.getName());
        response.setStatus(status);
        response.setContentType(MediaType.TEXT_HTML_VALUE);
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write("""
                <!DOCTYPE html>
                <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
                <title>Two-step sign-in</title><link href="/default-ui.css" rel="stylesheet"></head>
                <body><div class="content">
                <form class="login-form" method="post" action="/login/totp">
                <h2>Two-step sign-in</h2>
                %s
                <p><label for="code">Code from your authenticator app, or a backup code</label>
                <input type="text" id="code" name="code" inputmode="numeric" autocomplete="one-time-code" required autofocus></p>
                <input type="hidden" name="%s" value="%s">
                <button type="submit" class="primary" id="verify">Verify</button>
                </form></div></body></html>
                """.formatted(error == null ? "" : "<div class=\"alert alert-danger\" role=\"alert\">"
                        + HtmlUtils.htmlEscape(error) + "</div>",
                csrf == null ? "_csrf" : csrf.getParameterName(), csrf == null ? "" : csrf.getToken()));
    }
}
