package app.platform.identity.token.adapter.out.persistence;

import app.platform.crypto.KeyCipher;
import app.platform.identity.token.KeySettings;
import app.platform.identity.token.RefreshTokenSettings;
import app.platform.outbox.JdbcOutbox;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.jackson.SecurityJacksonModules;
import org.springframework.security.oauth2.server.authorization.JdbcOAuth2AuthorizationConsentService;
import org.springframework.security.oauth2.server.authorization.JdbcOAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsentService;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.web.webauthn.jackson.WebauthnJacksonModule;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.jsontype.BasicPolymorphicTypeValidator;

/** The authorization server's tables: signing keys, authorizations (tokens, hashed) and consents. */
@Configuration(proxyBeanMethods = false)
class TokenStore {

    @Bean
    PersistedJwkSource jwkSource(JdbcClient jdbc, TransactionTemplate tx, Clock clock, KeyCipher cipher,
                                 KeySettings settings) {
        return new PersistedJwkSource(jdbc, tx, cipher, clock, settings.activationDelay());
    }

    @Bean
    OAuth2AuthorizationService authorizationService(JdbcTemplate jdbcTemplate, JdbcClient jdbc,
                                                    RegisteredClientRepository clients, TransactionTemplate tx,
                                                    JdbcOutbox outbox, Clock clock, KeyCipher cipher,
                                                    RefreshTokenSettings refreshTokens) {
        AuthorizationTable store = new AuthorizationTable(jdbcTemplate, clients);
        // Spring's own mapper, plus passkey sign-ins (WebAuthn's module is not among the ones Spring finds) and Long
        // values in stored token claims (amr timestamps are epoch seconds); each part's deserializer found once
        // (KeptPartDeserializers)
        var types = BasicPolymorphicTypeValidator.builder().allowIfSubType(Long.class);
        WebauthnJacksonModule webauthn = new WebauthnJacksonModule();
        webauthn.configurePolymorphicTypeValidator(types);
        JsonMapper json = JsonMapper.builder().addModules(SecurityJacksonModules.getModules(getClass().getClassLoader(), types))
                .addModule(webauthn).deserializationContexts(new KeptPartDeserializers()).build();
        store.setAuthorizationRowMapper(new JdbcOAuth2AuthorizationService.JsonMapperOAuth2AuthorizationRowMapper(clients, json));
        store.setAuthorizationParametersMapper(new JdbcOAuth2AuthorizationService.JsonMapperOAuth2AuthorizationParametersMapper(json));
        return new RotatingAuthorizationService(store, new RefreshTokenReuse(jdbc, store, outbox, clock, cipher,
                refreshTokens.reuseInterval()), new SessionTracking(jdbc), tx);
    }

    @Bean
    OAuth2AuthorizationConsentService consentService(JdbcTemplate jdbc, RegisteredClientRepository clients) {
        return new JdbcOAuth2AuthorizationConsentService(jdbc, clients);
    }
}
