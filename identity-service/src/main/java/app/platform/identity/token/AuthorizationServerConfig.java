package app.platform.identity.token;

import app.platform.crypto.KeyCipher;
import app.platform.identity.outbox.Outbox;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.time.Clock;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.security.oauth2.server.authorization.JdbcOAuth2AuthorizationConsentService;
import org.springframework.security.oauth2.server.authorization.JdbcOAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsentService;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.token.DelegatingOAuth2TokenGenerator;
import org.springframework.security.oauth2.server.authorization.token.JwtGenerator;
import org.springframework.security.oauth2.server.authorization.token.OAuth2AccessTokenGenerator;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenGenerator;
import org.springframework.security.jackson.SecurityJacksonModules;
import org.springframework.security.web.webauthn.jackson.WebauthnJacksonModule;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.jsontype.BasicPolymorphicTypeValidator;

/** Keys, token store and password hashing of the authorization server. Clients come from configuration. */
@Configuration(proxyBeanMethods = false)
class AuthorizationServerConfig {

    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    KeyCipher keyCipher(@Value("${identity.keys.encryption-key}") String keyEncryptionKey) {
        return new KeyCipher(keyEncryptionKey);
    }

    @Bean
    PersistedJwkSource jwkSource(JdbcClient jdbc, TransactionTemplate tx, Clock clock, KeyCipher cipher) {
        return new PersistedJwkSource(jdbc, tx, cipher, clock);
    }

    /** Signs with the newest key even while older ones are still published for verification. */
    @Bean
    JwtEncoder jwtEncoder(PersistedJwkSource keys) {
        NimbusJwtEncoder encoder = new NimbusJwtEncoder(keys);
        encoder.setJwkSelector(candidates -> keys.signingKey());
        return encoder;
    }

    /** Signed JWT access and ID tokens with our claims; refresh tokens for confidential and public clients alike. */
    @Bean
    OAuth2TokenGenerator<?> tokenGenerator(JwtEncoder encoder, TokenClaims claims, Clock clock) {
        JwtGenerator jwts = new JwtGenerator(encoder);
        jwts.setJwtCustomizer(claims);
        return new DelegatingOAuth2TokenGenerator(jwts, new OAuth2AccessTokenGenerator(), new RefreshTokens(clock));
    }

    @Bean
    JwtDecoder jwtDecoder(JWKSource<SecurityContext> keys) {
        return NimbusJwtDecoder.withJwkSource(keys).build();
    }

    @Bean
    OAuth2AuthorizationService authorizationService(JdbcTemplate jdbcTemplate, JdbcClient jdbc,
                                                    RegisteredClientRepository clients, TransactionTemplate tx,
                                                    Outbox outbox, Clock clock) {
        JdbcOAuth2AuthorizationService store = new JdbcOAuth2AuthorizationService(jdbcTemplate, clients);
        // Spring's own mapper, plus passkey sign-ins (WebAuthn's module is not among the ones Spring finds) and Long
        // values in stored token claims (amr timestamps are epoch seconds)
        var types = BasicPolymorphicTypeValidator.builder().allowIfSubType(Long.class);
        WebauthnJacksonModule webauthn = new WebauthnJacksonModule();
        webauthn.configurePolymorphicTypeValidator(types);
        JsonMapper json = JsonMapper.builder().addModules(SecurityJacksonModules.getModules(getClass().getClassLoader(), types))
                .addModule(webauthn).build();
        store.setAuthorizationRowMapper(new JdbcOAuth2AuthorizationService.JsonMapperOAuth2AuthorizationRowMapper(clients, json));
        store.setAuthorizationParametersMapper(new JdbcOAuth2AuthorizationService.JsonMapperOAuth2AuthorizationParametersMapper(json));
        return new RotatingAuthorizationService(store, jdbc, tx, outbox, clock);
    }

    @Bean
    OAuth2AuthorizationConsentService consentService(JdbcTemplate jdbc, RegisteredClientRepository clients) {
        return new JdbcOAuth2AuthorizationConsentService(jdbc, clients);
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        return new Passwords();
    }
}
