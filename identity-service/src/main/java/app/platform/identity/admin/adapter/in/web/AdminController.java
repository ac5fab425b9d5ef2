package app.platform.identity.admin.adapter.in.web;

import app.platform.identity.admin.application.AdministerUsers;
import app.platform.identity.user.application.UserRepository;
import app.platform.security.Caller;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** Operators only (the {@code admin} role, see SecurityConfig). */
@RestController
@RequestMapping("/api/identity/admin/users")
class AdminController {

    private final AdministerUsers admin;

    AdminController(AdministerUsers admin) {
        this.admin = admin;
    }

    record BanRequest(Instant until) {
    }

    /** Keyset pagination: pass the last id of a page as {@code after} for the next one. */
    @GetMapping
    List<UserRepository.UserSummary> search(@RequestParam(defaultValue = "") String q,
                                            @RequestParam(required = false) UUID after,
                                            @RequestParam(defaultValue = "50") int limit) {
        return admin.search(q, after, limit);
    }

    @PostMapping("/{id}/ban")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void ban(@PathVariable UUID id, @RequestBody(required = false) BanRequest request, @AuthenticationPrincipal Jwt jwt) {
        found(admin.ban(id, request == null ? null : request.until(), Caller.metadata(jwt)));
    }

    @PostMapping("/{id}/unban")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void unban(@PathVariable UUID id, @AuthenticationPrincipal Jwt jwt) {
        found(admin.unban(id, Caller.metadata(jwt)));
    }

    @DeleteMapping("/{id}/sessions")
    Map<String, Integer> endSessions(@PathVariable UUID id, @AuthenticationPrincipal Jwt jwt) {
        return Map.of("revoked", admin.endSessions(id, Caller.metadata(jwt)));
    }

    private static void found(boolean found) {
        if (!found) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "no such user");
        }
    }
}
