package app.platform.identity.verification.adapter.in.web;

import app.platform.errors.InvalidInput;
import app.platform.identity.user.domain.PasswordPolicy;
import app.platform.identity.verification.application.EmailVerification;
import app.platform.identity.verification.application.PasswordReset;
import app.platform.identity.verification.domain.InvalidToken;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Where the mailed links lead ({@code IDENTITY_LINK_BASE}, the gateway by default): confirming an address, asking
 * for and setting a new password. Opening a link shows a button and changes nothing, so a mail scanner that follows
 * links does not spend the token; the button posts it. The same commands as the JSON API.
 */
@Controller
class VerificationPages {

    private static final String EXPIRED = "This link has expired or was used already.";
    private final EmailVerification emailVerification;
    private final PasswordReset passwordReset;

    VerificationPages(EmailVerification emailVerification, PasswordReset passwordReset) {
        this.emailVerification = emailVerification;
        this.passwordReset = passwordReset;
    }

    /** The new-password form's hint and its browser-side check: the policy's own minimum. */
    @ModelAttribute("passwordMinLength")
    int passwordMinLength() {
        return PasswordPolicy.MIN_LENGTH;
    }

    @GetMapping("/verify-email")
    String verifyForm(@RequestParam(defaultValue = "") String token, Model model) {
        model.addAttribute("token", token.isBlank() ? null : token);
        return "verify-email";
    }

    @PostMapping("/verify-email")
    String verify(@RequestParam(defaultValue = "") String token, Model model, HttpServletResponse response) {
        try {
            emailVerification.confirm(token);
            model.addAttribute("message", "Your e-mail address is confirmed. You can sign in.");
        } catch (InvalidToken e) {
            response.setStatus(400);
            model.addAttribute("error", EXPIRED + " Sign in and ask for a new one from your account.");
        }
        return "verify-email";
    }

    @GetMapping("/forgot-password")
    String forgotForm() {
        return "forgot-password";
    }

    @PostMapping("/forgot-password")
    String forgot(@RequestParam(defaultValue = "") String email, Model model) {
        passwordReset.request(email);
        model.addAttribute("message", "If the address has an account, a mail with a link is on its way.");
        return "forgot-password";
    }

    @GetMapping("/reset-password")
    String resetForm(@RequestParam(defaultValue = "") String token, Model model) {
        model.addAttribute("token", token.isBlank() ? null : token);
        return "reset-password";
    }

    @PostMapping("/reset-password")
    String reset(@RequestParam(defaultValue = "") String token, @RequestParam(defaultValue = "") String password,
                 Model model, HttpServletResponse response) {
        try {
            passwordReset.confirm(token, password);
            model.addAttribute("message", "Your password is changed, and every session was signed out. Sign in with it.");
        } catch (InvalidToken e) {
            response.setStatus(400);
            model.addAttribute("error", EXPIRED);
        } catch (InvalidInput e) {
            response.setStatus(400);
            model.addAttribute("token", token);
            model.addAttribute("error", "The " + e.field() + " " + e.getMessage() + ".");
        }
        return "reset-password";
    }
}
