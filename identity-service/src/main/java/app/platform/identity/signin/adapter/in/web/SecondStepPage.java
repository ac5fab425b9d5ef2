package app.platform.identity.signin.adapter.in.web;

import app.platform.identity.mfa.application.TwoFactor;
import app.platform.identity.signin.application.Throttles;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import app.platform.identity.web.HostedPage;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The second step of the hosted sign-in: a code from the authenticator app, or a backup code. */
@Controller
@HostedPage
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
    String form(HttpServletRequest request) {
        return flow.pending(request) == null ? "redirect:/login" : "second-step";
    }

    @PostMapping("/login/totp")
    String submit(HttpServletRequest request, HttpServletResponse response, @RequestParam(defaultValue = "") String code,
                  Model model) throws IOException, ServletException {
        SignInFlow.Pending pending = flow.pending(request);
        if (pending == null) {
            return "redirect:/login?expired";
        }
        TwoFactor.Check check = twoFactor.check(pending.userId(), code);
        switch (check.result()) {
            case ACCEPTED -> {
                throttles.secondSteps.success(ThrottleFilter.secondStep(pending.userId()));
                flow.secondFactorPassed(request, response, pending,
                        "backup_code".equals(check.method()) ? SignInFlow.BACKUP_CODE : SignInFlow.TOTP);
                return null;
            }
            case REJECTED -> {
                throttles.secondSteps.failure(ThrottleFilter.secondStep(pending.userId()), clock.instant());
                throttles.addresses.failure(ThrottleFilter.ip(request), clock.instant());
                outcomes.secondStepFailed(pending.userId(), false);
                response.setStatus(400);
                model.addAttribute("error", "second-step.wrong");
            }
            case LOCKED -> {
                flow.abandon(request);
                outcomes.secondStepFailed(pending.userId(), true);
                response.setStatus(429);
                model.addAttribute("error", "second-step.locked").addAttribute("locked", true);
            }
        }
        return "second-step";
    }
}
