package app.platform.identity.legacy.adapter.in.web;

import app.platform.identity.legacy.application.LegacySessions;
import app.platform.identity.signin.adapter.in.web.SignInFlow;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PostMapping;

/**
 * {@code POST /login/legacy} with {@code Authorization: Bearer <Supabase access token>}: the sign-in page's way in
 * for users signed in to the legacy app, the browser's path over the token exchange's rule ({@link LegacySessions},
 * the same session exchanged once by either). Accepted, it is a sign-in like any other (the second step follows if the user
 * has set one up here) and the browser goes on to the authorization request it came from; refused, 401 with no reason.
 */
@Controller
class LegacySignIn {

    private final LegacySessions sessions;
    private final SignInFlow flow;

    LegacySignIn(LegacySessions sessions, SignInFlow flow) {
        this.sessions = sessions;
        this.flow = flow;
    }

    @PostMapping("/login/legacy")
    void exchange(HttpServletRequest request, HttpServletResponse response) throws IOException, ServletException {
        String header = Optional.ofNullable(request.getHeader(HttpHeaders.AUTHORIZATION)).orElse("");
        Optional<LegacySessions.Accepted> session = header.startsWith("Bearer ")
                ? sessions.accessToken(header.substring(7).trim()) : Optional.empty();
        if (session.isEmpty()) {
            response.sendError(HttpServletResponse.SC_UNAUTHORIZED);
            return;
        }
        flow.firstFactorPassed(request, response, session.get().userId(), SignInFlow.LEGACY_SESSION, "legacy_session",
                session.get().signedInAt());
    }
}
