package app.platform.identity.verification.adapter.in.web;

import app.platform.errors.InvalidInput;
import app.platform.identity.signin.adapter.in.web.SignInFlow;
import app.platform.identity.user.application.ChangeEmail;
import app.platform.identity.user.application.UserRepository;
import app.platform.identity.user.domain.PasswordPolicy;
import app.platform.identity.verification.application.EmailVerification;
import app.platform.identity.verification.application.PasswordReset;
import app.platform.identity.verification.domain.InvalidToken;
import app.platform.identity.web.HostedPage;
import app.platform.identity.web.PageErrors;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.UUID;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Where the mailed links lead ({@code IDENTITY_LINK_BASE}, the gateway by default): confirming an address, asking
 * for and setting a new password, confirming a changed address. Opening a link shows a button and changes nothing,
 * so a mail scanner that follows links does not spend the token; the button posts it. The same commands as the JSON
 * API (a changed address is confirmed here only). Confirming the address of an account made for a passkey (no
 * password, nothing linked) signs that browser in to create its first passkey.
 */
@Controller
@HostedPage
class VerificationPages {

    private final EmailVerification emailVerification;
    private final PasswordReset passwordReset;
    private final ChangeEmail changeEmail;
    private final UserRepository users;
    private final SignInFlow flow;
    private final PageErrors errors;

    VerificationPages(EmailVerification emailVerification, PasswordReset passwordReset, ChangeEmail changeEmail,
                      UserRepository users, SignInFlow flow, PageErrors errors) {
        this.emailVerification = emailVerification;
        this.passwordReset = passwordReset;
        this.changeEmail = changeEmail;
        this.users = users;
        this.flow = flow;
        this.errors = errors;
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
    String verify(@RequestParam(defaultValue = "") String token, Model model, HttpServletRequest request,
                  HttpServletResponse response) throws IOException {
        UUID userId;
        try {
            userId = emailVerification.confirm(token);
        } catch (InvalidToken e) {
            response.setStatus(400);
            model.addAttribute("error", "verify.expired");
            return "verify-email";
        }
        if (!users.hasSignInMethod(userId)) {
            flow.emailLinkSignedIn(request, response, userId, "/passkeys/new?first");
            return null;
        }
        model.addAttribute("message", "verify.done");
        return "verify-email";
    }

    @GetMapping("/forgot-password")
    String forgotForm() {
        return "forgot-password";
    }

    @PostMapping("/forgot-password")
    String forgot(@RequestParam(defaultValue = "") String email, Model model) {
        passwordReset.request(email);
        model.addAttribute("message", "forgot.sent");
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
            model.addAttribute("message", "reset.done");
        } catch (InvalidToken e) {
            response.setStatus(400);
            model.addAttribute("error", "reset.expired");
        } catch (InvalidInput e) {
            response.setStatus(400);
            model.addAttribute("token", token);
            model.addAttribute("error", errors.of(e));
        }
        return "reset-password";
    }

    @GetMapping("/confirm-email-change")
    String confirmEmailChangeForm(@RequestParam(defaultValue = "") String token, Model model) {
        model.addAttribute("token", token.isBlank() ? null : token);
        return "confirm-email-change";
    }

    @PostMapping("/confirm-email-change")
    String confirmEmailChange(@RequestParam(defaultValue = "") String token, Model model,
                              HttpServletResponse response) {
        try {
            changeEmail.confirm(token);
            model.addAttribute("message", "email-change.done");
        } catch (InvalidToken e) {
            response.setStatus(400);
            model.addAttribute("error", "email-change.expired");
        } catch (InvalidInput e) {
            response.setStatus(400);
            model.addAttribute("error", "email-change.taken");
        }
        return "confirm-email-change";
    }
}
