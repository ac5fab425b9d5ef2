package app.platform.identity.signin.adapter.in.web;

import app.platform.identity.signin.application.HumanCheck;
import app.platform.identity.web.HostedPage;
import java.time.Clock;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The sign-in page of a challenged account ({@code /login/challenge}, where {@link ThrottleFilter} sends a browser):
 * the same form, with the proof of work its script solves on submit, or the CAPTCHA widget.
 */
@Controller
@HostedPage
class ChallengePage {

    private final HumanCheck check;
    private final Clock clock;

    ChallengePage(HumanCheck check, Clock clock) {
        this.check = check;
        this.clock = clock;
    }

    @GetMapping("/login/challenge")
    String page(@RequestParam(required = false) String token, @RequestParam(defaultValue = "0") int bits,
                @RequestParam(required = false) String failed, Model model) {
        if (token != null) {
            model.addAttribute("token", token).addAttribute("bits", bits);
        } else if (check.challenge("", 1, clock.instant()) instanceof HumanCheck.CaptchaChallenge captcha) {
            model.addAttribute("captcha", captcha);
        }
        model.addAttribute("failed", failed != null);
        return "challenge";
    }
}
