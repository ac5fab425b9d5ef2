package app.platform.identity.session.adapter.in.web;

import app.platform.identity.session.application.Sessions;
import app.platform.identity.session.application.UserSessions;
import app.platform.security.Caller;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** My sessions: the token's {@code session_id} says which one is the current one. */
@RestController
@RequestMapping("/api/identity/sessions")
class SessionController {

    private final UserSessions sessions;

    SessionController(UserSessions sessions) {
        this.sessions = sessions;
    }

    record SessionView(String id, String clientId, String userAgent, String ip, Instant createdAt, Instant lastUsedAt,
                       boolean current) {
        static SessionView of(Sessions.Session s, String current) {
            return new SessionView(s.id(), s.clientId(), s.userAgent(), s.ip(), s.createdAt(), s.lastUsedAt(),
                    s.id().equals(current));
        }
    }

    @GetMapping
    List<SessionView> mine(@AuthenticationPrincipal Jwt jwt) {
        return sessions.list(Caller.id(jwt)).stream().map(s -> SessionView.of(s, jwt.getClaimAsString("session_id"))).toList();
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void revoke(@AuthenticationPrincipal Jwt jwt, @PathVariable String id) {
        if (!sessions.revoke(Caller.id(jwt), id, jwt.getClaimAsString("session_id"), "user", Caller.metadata(jwt))) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "no such session");
        }
    }

    /** Signs out everywhere else. */
    @DeleteMapping
    Map<String, Integer> revokeOthers(@AuthenticationPrincipal Jwt jwt) {
        return Map.of("revoked", sessions.revokeAllExcept(Caller.id(jwt), jwt.getClaimAsString("session_id"), "user",
                Caller.metadata(jwt)));
    }
}
