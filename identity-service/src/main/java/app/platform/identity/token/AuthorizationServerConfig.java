package app.platform.identity.token;

import app.platform.crypto.KeyCipher;
import app.platform.identity.token.adapter.out.persistence.PersistedJwkSource;
import app.platform.security.AccessTokens;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.token.DelegatingOAuth2TokenGenerator;
import org.springframework.security.oauth2.server.authorization.token.JwtGenerator;
import org.springframework.security.oauth2.server.authorization.token.OAuth2AccessTokenGenerator;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenGenerator;

/**
 * Keys, tokens and password hashing of the authorization server. Clients come from configuration; the tables are
 * {@code adapter/out/persistence}'s.
 */
@Configuration(proxyBeanMethods = false)
class AuthorizationServerConfig {

    @Bean
    KeyCipher keyCipher(KeySettings keys) {
        return new KeyCipher(keys.encryptionKey());
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

    /**
     * The tokens of identity's own API and of userinfo, checked by the rule of every service ({@link AccessTokens}):
     * this server's issuer, {@code typ} {@code at+jwt} and an accepted audience, so an ID token is refused.
     */
    @Bean
    JwtDecoder jwtDecoder(JWKSource<SecurityContext> keys, AccessTokens tokens, AuthorizationServerSettings server) {
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSource(keys).build();
        decoder.setJwtValidator(tokens.validator(server.getIssuer()));
        return decoder;
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        return new Passwords();
    }
}
