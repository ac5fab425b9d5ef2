package app.platform.identity.session.adapter.in.web;

import app.platform.identity.web.HostedPage;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.web.authentication.logout.LogoutSuccessHandler;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Signing out of the hosted pages: {@code GET /logout} asks "sign out?" and its button posts {@code /logout}
 * (Spring's, with CSRF). An application's RP-initiated logout ({@code /connect/logout}) with the {@code id_token_hint}
 * of the session proves which application asks and signs out at once ({@link SignOut}); without the hint, nothing
 * proves who asks, so the person is asked first: {@link #unproven()} sends them to this confirmation, which keeps the
 * application's {@code client_id}, {@code post_logout_redirect_uri} and {@code state}, and after the sign-out they go
 * back there only when that address is registered for that client.
 */
@Controller
@HostedPage
public class SignOutPages {

    private final RegisteredClientRepository clients;

    SignOutPages(RegisteredClientRepository clients) {
        this.clients = clients;
    }

    @GetMapping("/logout")
    String confirm(@RequestParam(name = "client_id", required = false) String clientId,
                   @RequestParam(name = "post_logout_redirect_uri", required = false) String redirect,
                   @RequestParam(required = false) String state, Model model) {
        RegisteredClient client = clientId == null ? null : clients.findByClientId(clientId);
        boolean back = client != null && redirect != null && client.getPostLogoutRedirectUris().contains(redirect);
        model.addAttribute("clientName", client == null ? null : client.getClientName())
                .addAttribute("clientId", client == null ? null : clientId)
                .addAttribute("redirect", back ? redirect : null).addAttribute("state", state);
        return "logout";
    }

    /** After {@code POST /logout}: back to the application when it is registered for that, else the sign-in page. */
    public LogoutSuccessHandler afterSignOut() {
        return (HttpServletRequest request, HttpServletResponse response, Authentication ignored) -> {
            String clientId = request.getParameter("client_id");
            String redirect = request.getParameter("post_logout_redirect_uri");
            RegisteredClient client = clientId == null || redirect == null ? null : clients.findByClientId(clientId);
            if (client != null && client.getPostLogoutRedirectUris().contains(redirect)) {
                var back = UriComponentsBuilder.fromUriString(redirect);
                String state = request.getParameter("state");
                if (state != null && !state.isBlank()) {
                    back.queryParam("state", state);
                }
                response.sendRedirect(back.encode().build().toUriString());
            } else {
                response.sendRedirect(request.getContextPath() + "/login?logout");
            }
        };
    }

    /** Before the OIDC logout endpoint: a request without {@code id_token_hint} goes to the confirmation. */
    public static OncePerRequestFilter unproven() {
        return new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws ServletException, IOException {
                String hint = request.getParameter("id_token_hint");
                if ("/connect/logout".equals(request.getServletPath()) && (hint == null || hint.isBlank())) {
                    var confirm = UriComponentsBuilder.fromPath(request.getContextPath() + "/logout");
                    for (String name : new String[] {"client_id", "post_logout_redirect_uri", "state"}) {
                        String value = request.getParameter(name);
                        if (value != null) {
                            confirm.queryParam(name, value);
                        }
                    }
                    response.sendRedirect(confirm.encode().build().toUriString());
                    return;
                }
                chain.doFilter(request, response);
            }
        };
    }
}
