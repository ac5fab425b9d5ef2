package app.platform.identity.passkey.adapter.out.persistence;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.web.webauthn.management.JdbcPublicKeyCredentialUserEntityRepository;
import org.springframework.security.web.webauthn.management.PublicKeyCredentialUserEntityRepository;

/** The passkeys' users (WebAuthn user entities, named by the user's UUID) in Spring Security's {@code user_entities}. */
@Configuration(proxyBeanMethods = false)
class WebAuthnUserEntities {

    @Bean
    PublicKeyCredentialUserEntityRepository passkeyUsers(JdbcTemplate jdbc) {
        return new JdbcPublicKeyCredentialUserEntityRepository(jdbc);
    }
}
