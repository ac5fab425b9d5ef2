package app.platform.identity.admin.adapter.in.web;

import app.platform.identity.token.adapter.out.persistence.PersistedJwkSource;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Operators rotate the token signing key (admin role, see SecurityConfig): the new key is published at once and
 * signs from {@code signsFrom}; live tokens stay valid.
 */
@RestController
class KeyController {

    private final PersistedJwkSource keys;

    KeyController(PersistedJwkSource keys) {
        this.keys = keys;
    }

    @PostMapping("/api/identity/admin/keys/rotate")
    PersistedJwkSource.Rotation rotate() {
        return keys.rotate();
    }
}
