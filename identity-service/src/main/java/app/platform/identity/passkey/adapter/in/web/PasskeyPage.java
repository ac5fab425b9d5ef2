package app.platform.identity.passkey.adapter.in.web;

import app.platform.identity.web.HostedPage;
import app.platform.identity.web.PageSettings;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Adding a passkey ({@code /passkeys/new}), for a signed-in browser: a name for it, then the browser's own dialog;
 * then on to {@code next} (a path of this site). The first passkey of an account made without a password is
 * added here too, right after its address was confirmed ({@code ?first}).
 */
@Controller
@HostedPage
class PasskeyPage {

    private final PageSettings pages;

    PasskeyPage(PageSettings pages) {
        this.pages = pages;
    }

    @GetMapping("/passkeys/new")
    String page(@RequestParam(required = false) String next, @RequestParam(required = false) String first,
                Model model) {
        model.addAttribute("next", pages.next(next)).addAttribute("first", first != null).addAttribute("scriptPosts", true);
        return "passkey-new";
    }
}
