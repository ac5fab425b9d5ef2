package app.platform.identity.signin.adapter.in.web;

import app.platform.identity.web.HostedPage;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The hosted sign-in page ({@code /login}): e-mail and password on one form whose user-name field also offers the
 * browser's passkeys (conditional mediation), a passkey button, "continue with Google" when it is configured, and
 * the way to sign-up and to a forgotten password. What brought a person back here is said plainly, with what to do.
 */
@Controller
@HostedPage
class LoginPage {

    private final boolean google;

    LoginPage(ObjectProvider<ClientRegistrationRepository> google) {
        this.google = google.getIfAvailable() != null;
    }

    @GetMapping("/login")
    String page(@RequestParam(required = false) String error, @RequestParam(required = false) String logout,
                @RequestParam(required = false) String expired, @RequestParam(required = false) String ended,
                Model model) {
        model.addAttribute("google", google).addAttribute("scriptPosts", true);
        if (error != null) {
            model.addAttribute("error", "signin.error");
        } else if (expired != null) {
            model.addAttribute("error", "signin.expired");
        } else if (ended != null) {
            model.addAttribute("error", "signin.ended");
        } else if (logout != null) {
            model.addAttribute("message", "signin.signed-out");
        }
        return "login";
    }
}
