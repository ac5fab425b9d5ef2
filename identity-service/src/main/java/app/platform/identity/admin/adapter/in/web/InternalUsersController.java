package app.platform.identity.admin.adapter.in.web;

import app.platform.identity.user.application.UserRepository;
import app.platform.identity.user.application.UserRepository.UserSummary;
import java.util.List;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * For the platform's services (client-credentials token with scope {@code services}), not for people: every
 * identity user, in id order, so that a service can reconcile its copy (profile's app users).
 */
@RestController
class InternalUsersController {

    private final UserRepository users;

    InternalUsersController(UserRepository users) {
        this.users = users;
    }

    @GetMapping("/api/identity/internal/users")
    List<UserSummary> users(@RequestParam(required = false) UUID after,
                            @RequestParam(defaultValue = "500") int limit) {
        return users.search("", after, Math.clamp(limit, 1, 1000));
    }
}
