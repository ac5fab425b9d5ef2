package app.platform.identity.console.adapter.in.web;

import app.platform.identity.web.HostedPage;
import java.nio.charset.StandardCharsets;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.UriUtils;

/**
 * The consoles' page: the account console ({@code /account/}) and the operator console ({@code /admin/}, whose
 * sign-in asks for a second factor: {@code acr_values=aal2}), a public client of ours ({@code console}) that signs in
 * with code + PKCE and then calls only the public APIs through the gateway, like any frontend
 * ({@code assets/console.js}, {@code assets/account.js}, {@code assets/admin.js}). The admin APIs themselves require
 * the stepped-up admin; the page holds nothing. The page itself holds nothing of the user; a mailed
 * invitation's link ({@code /invitations?token=}) opens it on that invitation.
 */
@Controller
@HostedPage
class ConsolePage {

    @GetMapping({"/account", "/account/"})
    String account(Model model) {
        model.addAttribute("console", "account");
        return "console";
    }

    @GetMapping({"/admin", "/admin/"})
    String admin(Model model) {
        model.addAttribute("console", "admin");
        return "console";
    }

    @GetMapping("/invitations")
    String invitation(@RequestParam(defaultValue = "") String token) {
        return "redirect:/account/?invitation=" + UriUtils.encodeQueryParam(token, StandardCharsets.UTF_8);
    }
}
