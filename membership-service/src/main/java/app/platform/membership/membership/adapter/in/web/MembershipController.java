package app.platform.membership.membership.adapter.in.web;

import app.platform.membership.membership.application.Memberships;
import app.platform.security.Caller;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;

@RestController
class MembershipController {

    private final Memberships memberships;

    MembershipController(Memberships memberships) {
        this.memberships = memberships;
    }

    /** The caller's own memberships, newest first, with their dated transitions. */
    @GetMapping("/api/membership/memberships")
    Flux<Memberships.Membership> mine(@AuthenticationPrincipal Jwt jwt) {
        return memberships.ofUser(Caller.id(jwt));
    }
}
