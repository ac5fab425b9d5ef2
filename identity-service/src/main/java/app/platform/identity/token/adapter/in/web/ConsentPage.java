package app.platform.identity.token.adapter.in.web;

import app.platform.identity.web.HostedPage;
import java.security.Principal;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsent;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsentService;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The consent page ({@code /oauth2/consent}) for a client registered with {@code require-authorization-consent}: a
 * third party's application. It names the application and what each scope lets it do, with what the person
 * granted before already ticked; "Allow" posts the ticked scopes back to {@code /oauth2/authorize}, "Deny" posts none
 * (the application gets {@code access_denied}). {@code openid} is not asked: it only says who you are to the
 * application, which the sign-in itself does.
 */
@Controller
@HostedPage
class ConsentPage {

    /** A scope on the page: its name, and whether it was granted before. */
    record Scope(String name, boolean granted) {
    }

    private final RegisteredClientRepository clients;
    private final OAuth2AuthorizationConsentService consents;

    ConsentPage(RegisteredClientRepository clients, OAuth2AuthorizationConsentService consents) {
        this.clients = clients;
        this.consents = consents;
    }

    @GetMapping("/oauth2/consent")
    String consent(Principal principal, Model model, @RequestParam(name = "client_id") String clientId,
                   @RequestParam(name = "scope", defaultValue = "") String scope,
                   @RequestParam(name = "state") String state) {
        RegisteredClient client = clients.findByClientId(clientId);
        if (client == null) {
            model.addAttribute("error", "consent.unknown");
            return "error";
        }
        OAuth2AuthorizationConsent before = consents.findById(client.getId(), principal.getName());
        Set<String> granted = before == null ? Set.of() : before.getScopes();
        List<Scope> scopes = new LinkedHashSet<>(Arrays.asList(scope.split(" "))).stream()
                .filter(s -> !s.isBlank() && !OidcScopes.OPENID.equals(s))
                .map(s -> new Scope(s, granted.contains(s))).toList();
        model.addAttribute("clientName", client.getClientName()).addAttribute("clientId", clientId)
                .addAttribute("state", state).addAttribute("scopes", scopes)
                .addAttribute("openid", scope.contains(OidcScopes.OPENID));
        return "consent";
    }
}
