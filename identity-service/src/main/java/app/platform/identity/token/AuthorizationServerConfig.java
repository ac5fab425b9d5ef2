package app.platform.identity.token;

import app.platform.crypto.KeyCipher;
import app.platform.identity.token.adapter.out.persistence.PersistedJwkSource;
import app.platform.security.AccessTokens;
import app.platform.security.VerifiedTokens;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
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

    /**
     * Signs with the newest key of the token's family (the keys of its header's algorithm) whose time to sign has
     * come, even while older ones are still published for verification.
     */
    @Bean
    JwtEncoder jwtEncoder(PersistedJwkSource keys) {
        NimbusJwtEncoder encoder = new NimbusJwtEncoder(keys);
        encoder.setJwkSelector(candidates -> keys.signingKey(JWSAlgorithm.parse(
                candidates.getFirst().getAlgorithm().getName())));
        return encoder;
    }

    /**
     * Signed JWT access and ID tokens with our claims; refresh tokens for confidential and public clients alike. An
     * access token is signed ES256; an ID token as its client registered ({@code id-token-signature-algorithm}: ES256
     * for the platform's own clients), RS256 by default, OpenID Connect's. Both are RS256 until an ECDSA key signs
     * (the first activation delay after an upgrade from RSA keys only).
     */
    @Bean
    OAuth2TokenGenerator<?> tokenGenerator(JwtEncoder encoder, TokenClaims claims, PersistedJwkSource keys,
                                           Clock clock) {
        JwtGenerator jwts = new JwtGenerator(encoder);
        jwts.setJwtCustomizer(context -> {
            claims.customize(context);
            boolean ecdsa = OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType()) || SignatureAlgorithm.ES256
                    .equals(context.getRegisteredClient().getTokenSettings().getIdTokenSignatureAlgorithm());
            context.getJwsHeader().algorithm(ecdsa && keys.signsNow(JWSAlgorithm.ES256)
                    ? SignatureAlgorithm.ES256 : SignatureAlgorithm.RS256);
        });
        return new DelegatingOAuth2TokenGenerator(jwts, new OAuth2AccessTokenGenerator(), new RefreshTokens(clock));
    }

    /**
     * The tokens of identity's own API and of userinfo, checked by the rule of every service ({@link AccessTokens}):
     * this server's issuer, {@code typ} {@code at+jwt} and an accepted audience, so an ID token is refused. A token
     * verified once is remembered like a service's decoder does ({@link VerifiedTokens}): an ES256 verification costs
     * about 360 µs, and a signed-in page calls the API several times with one token.
     */
    @Bean
    JwtDecoder jwtDecoder(JWKSource<SecurityContext> keys, AccessTokens tokens, AuthorizationServerSettings server) {
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSource(keys)
                .jwsAlgorithms(algorithms -> algorithms.addAll(AccessTokens.SIGNATURES)).build();
        decoder.setJwtValidator(tokens.validator(server.getIssuer()));
        return VerifiedTokens.remembering(decoder);
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        return new Passwords();
    }
}
