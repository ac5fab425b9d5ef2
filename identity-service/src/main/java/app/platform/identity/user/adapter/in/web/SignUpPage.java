package app.platform.identity.user.adapter.in.web;

import app.platform.errors.InvalidInput;
import app.platform.identity.user.application.RegisterUser;
import app.platform.identity.user.domain.PasswordPolicy;
import app.platform.identity.web.HostedPage;
import app.platform.identity.web.PageErrors;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The hosted sign-up page ({@code /signup}): with a passkey first (the address alone; the mailed link then lets this
 * browser create the passkey), or with a password, the same command as {@code POST /api/identity/users}. One form,
 * two buttons, no script needed.
 */
@Controller
@HostedPage
class SignUpPage {

    private final RegisterUser registerUser;
    private final PageErrors errors;

    SignUpPage(RegisterUser registerUser, PageErrors errors) {
        this.registerUser = registerUser;
        this.errors = errors;
    }

    /** The form's hint and its browser-side check: the policy's own minimum. */
    @ModelAttribute("passwordMinLength")
    int passwordMinLength() {
        return PasswordPolicy.MIN_LENGTH;
    }

    @GetMapping("/signup")
    String form() {
        return "signup";
    }

    @PostMapping("/signup")
    String signUp(@RequestParam(defaultValue = "") String email, @RequestParam(defaultValue = "") String password,
                  Model model, HttpServletResponse response) {
        // the same page whether the address was free or has an account: the mail tells its owner which
        return answer(email, model, response, () -> registerUser.register(email, password), "signup.check-mail");
    }

    /**
     * The passkey button, which is also what Enter submits (the form's first button): a password typed in means the
     * member chose one, so that is a sign-up with it.
     */
    @PostMapping("/signup/passkey")
    String signUpForPasskey(@RequestParam(defaultValue = "") String email, @RequestParam(defaultValue = "") String password,
                            Model model, HttpServletResponse response) {
        if (!password.isEmpty()) {
            return signUp(email, password, model, response);
        }
        return answer(email, model, response, () -> registerUser.registerForPasskey(email), "signup.check-mail-passkey");
    }

    private String answer(String email, Model model, HttpServletResponse response, Runnable register,
                                 String checkYourMail) {
        model.addAttribute("email", email);
        try {
            register.run();
            model.addAttribute("message", checkYourMail);
        } catch (InvalidInput e) {
            response.setStatus(400);
            model.addAttribute("error", errors.of(e));
        }
        return "signup";
    }
}
